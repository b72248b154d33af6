package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.server.HeartbeatReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The scheduled heartbeat (EventBridge): pings due connections, removes silent ones, expires acks. */
public final class HeartbeatHandler implements RequestStreamHandler {
  private final Runtime runtime;

  public HeartbeatHandler() {
    this(Runtime.shared());
  }

  public HeartbeatHandler(Runtime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    input.transferTo(OutputStream.nullOutputStream());
    InvocationLog.Entry line = runtime.invocationLog().start("heartbeat");
    HeartbeatReport r;
    try {
      // connections not started before the last five seconds are left for the next tick (never lost)
      r = context == null ? runtime.engine().onHeartbeat()
          : runtime.engine().onHeartbeat(context.getRemainingTimeInMillis() - 5_000L);
      line.ok();
    } catch (RuntimeException e) {
      line.failed(e);
      throw e;
    }
    output.write(("{\"pinged\":" + r.pinged() + ",\"timedOut\":" + r.timedOut() + ",\"connectTimeouts\":"
        + r.connectTimeouts() + ",\"acksExpired\":" + r.acksExpired() + ",\"gone\":" + r.gone() + ",\"failed\":"
        + r.failed() + ",\"deferred\":" + r.deferred() + "}").getBytes(StandardCharsets.UTF_8));
  }
}
