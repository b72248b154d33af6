package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.server.ConnectRequest;
import dev.socketiolambda.functions.snapstart.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code $connect}: stores the connection, starts the open step, answers 200 at once. */
public final class ConnectHandler implements RequestStreamHandler {
  private final Runtime runtime;

  public ConnectHandler() {
    this(Runtime.shared());
    SnapStartPriming.register(runtime); // SnapStart: the snapshot is taken after one priming event
  }

  public ConnectHandler(Runtime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Entry line = runtime.invocationLog().start("connect");
    try {
      JsonNode event = Events.read(input);
      JsonNode rc = event.path("requestContext");
      String connectionId = rc.path("connectionId").asText();
      line.connection(connectionId);
      long at = rc.path("requestTimeEpoch").asLong(System.currentTimeMillis());
      runtime.engine().onConnect(new ConnectRequest(connectionId,
          runtime.endpointFor(Events.text(rc, "domainName"), Events.text(rc, "stage"), Events.text(rc, "apiId")),
          Events.text(rc, "identity", "sourceIp"), Events.headers(event), Events.query(event), at));
      runtime.openTrigger().trigger(connectionId);
      line.ok();
      Events.respond(output, 200, null);
    } catch (RuntimeException e) {
      System.err.println("socketio-lambda: $connect failed: " + e);
      line.failed(e);
      Events.respond(output, 500, null);
    }
  }
}
