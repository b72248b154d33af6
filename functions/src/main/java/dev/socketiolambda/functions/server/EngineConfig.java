package dev.socketiolambda.functions.server;

import dev.socketiolambda.protocol.engineio.OpenPacket;

/**
 * Runtime settings.
 *
 * @param pingInterval ms between server pings (default 4 min: below API Gateway's 10 min idle timeout, few billed messages)
 * @param pingTimeout ms a client has to answer a ping; must exceed the heartbeat schedule period
 * @param maxPayload largest client frame accepted, in bytes; bigger frames close the connection
 * @param connectTimeout ms after the open packet within which a namespace CONNECT must arrive
 * @param defaultAckTimeout ms a server-to-client ack waits when the emit sets no timeout
 * @param routeResponses whether {@code $default} answers through the route response (two-way route); off by
 *     default: replies are posted, and nothing answers a frame that needs no reply (with route responses on,
 *     API Gateway sends a route response for every frame: the billed noop {@code 6} for a pong; docs/cost.md)
 * @param fanoutConcurrency parallel management API calls per broadcast
 * @param postAttempts attempts per frame on 429/5xx
 * @param openRetryMs how long the open step retries a 410 right after {@code $connect}
 */
public record EngineConfig(
    long pingInterval, long pingTimeout, long maxPayload, long connectTimeout, long defaultAckTimeout,
    boolean routeResponses, int fanoutConcurrency, int postAttempts, long openRetryMs) {

  public static final EngineConfig DEFAULT =
      new EngineConfig(240_000, 120_000, 1_000_000, 45_000, 30_000, false, 16, 5, 2_000);

  public EngineConfig {
    OpenPacket.of("validation", pingInterval, pingTimeout, maxPayload); // same rules as the open packet
    if (connectTimeout <= 0 || defaultAckTimeout <= 0 || fanoutConcurrency < 1 || postAttempts < 1
        || openRetryMs < 0) {
      throw new IllegalArgumentException("invalid engine settings: connectTimeout=" + connectTimeout
          + ", defaultAckTimeout=" + defaultAckTimeout + ", fanoutConcurrency=" + fanoutConcurrency
          + ", postAttempts=" + postAttempts + ", openRetryMs=" + openRetryMs);
    }
  }

  public EngineConfig withPing(long interval, long timeout) {
    return new EngineConfig(interval, timeout, maxPayload, connectTimeout, defaultAckTimeout, routeResponses,
        fanoutConcurrency, postAttempts, openRetryMs);
  }

  public EngineConfig withMaxPayload(long bytes) {
    return new EngineConfig(pingInterval, pingTimeout, bytes, connectTimeout, defaultAckTimeout, routeResponses,
        fanoutConcurrency, postAttempts, openRetryMs);
  }

  public EngineConfig withConnectTimeout(long ms) {
    return new EngineConfig(pingInterval, pingTimeout, maxPayload, ms, defaultAckTimeout, routeResponses,
        fanoutConcurrency, postAttempts, openRetryMs);
  }

  public EngineConfig withRouteResponses(boolean on) {
    return new EngineConfig(pingInterval, pingTimeout, maxPayload, connectTimeout, defaultAckTimeout, on,
        fanoutConcurrency, postAttempts, openRetryMs);
  }
}
