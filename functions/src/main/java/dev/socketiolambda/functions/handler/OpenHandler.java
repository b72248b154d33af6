package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.observability.InvocationLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The asynchronous open step, invoked with {@code {"connectionId":"..."}}: sends the Engine.IO open packet. */
public final class OpenHandler implements RequestStreamHandler {
  private final Runtime runtime;

  public OpenHandler() {
    this(Runtime.shared());
  }

  public OpenHandler(Runtime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = Events.read(input);
    String connectionId = event.path("connectionId").asText("");
    if (connectionId.isEmpty()) {
      throw new IllegalArgumentException("open step needs {\"connectionId\": ...}");
    }
    InvocationLog.Entry line = runtime.invocationLog().start("open").connection(connectionId);
    boolean sent;
    try {
      sent = runtime.engine().onOpen(connectionId);
      line.ok();
    } catch (RuntimeException e) {
      line.failed(e);
      throw e;
    }
    output.write(("{\"sent\":" + sent + "}").getBytes(StandardCharsets.UTF_8));
  }
}
