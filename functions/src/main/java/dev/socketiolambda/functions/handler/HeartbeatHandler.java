package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.SocketsGauge;
import dev.socketiolambda.functions.server.HeartbeatReport;
import dev.socketiolambda.protocol.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The scheduled heartbeat (EventBridge): pings due connections, removes silent ones, expires acks, and
 * now and then counts the sockets of each namespace ({@link SocketsGauge}).
 */
public final class HeartbeatHandler implements RequestStreamHandler {
  private static final int MAX_EVENT_BYTES = 16 * 1024;
  private final Runtime runtime;
  private final SocketsGauge sockets;

  public HeartbeatHandler() {
    this(Runtime.shared(), SocketsGauge.from(System.getenv()));
  }

  /** With the sockets gauge's defaults. */
  public HeartbeatHandler(Runtime runtime) {
    this(runtime, SocketsGauge.from(java.util.Map.of()));
  }

  public HeartbeatHandler(Runtime runtime, SocketsGauge sockets) {
    this.runtime = runtime;
    this.sockets = sockets;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] event = input.readNBytes(MAX_EVENT_BYTES);
    input.transferTo(OutputStream.nullOutputStream());
    InvocationLog.Entry line = runtime.invocationLog().start("heartbeat");
    long now = System.currentTimeMillis();
    Long lag = lagMs(event, now);
    if (lag != null) {
      line.measured(InvocationLog.HEARTBEAT_LAG, "Milliseconds", lag);
      Meter.runtime().gauge(InvocationLog.HEARTBEAT_LAG, lag); // the local stack's /metrics
    }
    HeartbeatReport r;
    try {
      // connections not started before the last five seconds are left for the next tick (never lost)
      r = context == null ? runtime.engine().onHeartbeat()
          : runtime.engine().onHeartbeat(context.getRemainingTimeInMillis() - 5_000L);
      sockets.onTick(lag == null ? now : now - lag, runtime.engine()::socketsPerNamespace, runtime.invocationLog(),
          Meter.runtime());
      line.ok();
    } catch (RuntimeException e) {
      line.failed(e);
      throw e;
    }
    output.write(("{\"pinged\":" + r.pinged() + ",\"timedOut\":" + r.timedOut() + ",\"connectTimeouts\":"
        + r.connectTimeouts() + ",\"acksExpired\":" + r.acksExpired() + ",\"gone\":" + r.gone() + ",\"failed\":"
        + r.failed() + ",\"deferred\":" + r.deferred() + "}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * How late this tick runs: now minus the scheduled event's {@code time} (EventBridge writes the
   * time it was due, to the second), never negative; null when the event has no readable time.
   */
  static Long lagMs(byte[] event, long nowMs) {
    try {
      JsonNode time = Json.parse(new String(event, StandardCharsets.UTF_8)).path("time");
      return time.isTextual() ? Math.max(0, nowMs - Instant.parse(time.asText()).toEpochMilli()) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
