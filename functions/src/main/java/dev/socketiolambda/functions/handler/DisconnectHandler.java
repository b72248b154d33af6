package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.snapstart.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code $disconnect}: best-effort cleanup of the connection's rows and disconnect listeners. */
public final class DisconnectHandler implements RequestStreamHandler {
  private final Runtime runtime;

  public DisconnectHandler() {
    this(Runtime.shared());
    SnapStartPriming.register(runtime); // SnapStart: the snapshot is taken after one priming event
  }

  public DisconnectHandler(Runtime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Entry line = runtime.invocationLog().start("disconnect");
    try {
      JsonNode event = Events.read(input);
      String connectionId = event.path("requestContext").path("connectionId").asText();
      line.connection(connectionId);
      runtime.engine().onDisconnect(connectionId);
      line.ok();
    } catch (RuntimeException e) {
      System.err.println("socketio-lambda: $disconnect failed: " + e);
      line.failed(e);
    }
    Events.respond(output, 200, null);
  }
}
