package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.snapstart.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code $default}: one Socket.IO frame per invocation. The body of the answer is the route
 * response frame, always a real Engine.IO frame ({@code 6} when there is nothing to say): an empty
 * body or an error frame from API Gateway would kill the client.
 */
public final class DefaultHandler implements RequestStreamHandler {
  private final Runtime runtime;

  public DefaultHandler() {
    this(Runtime.shared());
    SnapStartPriming.register(runtime); // SnapStart: the snapshot is taken after one priming event
  }

  public DefaultHandler(Runtime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String reply = Engine.NOOP;
    InvocationLog.Entry line = runtime.invocationLog().start("default");
    try {
      JsonNode event = Events.read(input);
      String connectionId = event.path("requestContext").path("connectionId").asText();
      line.connection(connectionId);
      String body = event.path("body").isTextual() ? event.path("body").textValue() : null;
      if (event.path("isBase64Encoded").asBoolean(false) && body != null) {
        body = "b" + body; // a binary frame (API Gateway normally refuses them): treat as an Engine.IO binary message
      }
      // when API Gateway received the frame: orders a binary packet's parts, and a namespace's CONNECT and
      // DISCONNECT, handled in parallel
      long receivedAt = event.path("requestContext").path("requestTimeEpoch").asLong(System.currentTimeMillis());
      // retries stop a second before the function's timeout: $default must answer with a real frame
      long budget = context == null ? Engine.DEFAULT_BUDGET_MS : context.getRemainingTimeInMillis() - 1_000L;
      reply = runtime.engine().onMessage(connectionId, body, budget, receivedAt);
      line.ok();
    } catch (RuntimeException e) {
      System.err.println("socketio-lambda: $default failed: " + e);
      line.failed(e);
    }
    Events.respond(output, 200, reply);
  }
}
