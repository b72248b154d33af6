package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code $disconnect}: best-effort cleanup of the connection's rows and disconnect listeners. */
public final class DisconnectHandler implements RequestStreamHandler {
  private final Runtime runtime;

  public DisconnectHandler() {
    this(Runtime.shared());
  }

  public DisconnectHandler(Runtime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    try {
      JsonNode event = Events.read(input);
      runtime.engine().onDisconnect(event.path("requestContext").path("connectionId").asText());
    } catch (RuntimeException e) {
      System.err.println("socketio-lambda: $disconnect failed: " + e);
    }
    Events.respond(output, 200, null);
  }
}
