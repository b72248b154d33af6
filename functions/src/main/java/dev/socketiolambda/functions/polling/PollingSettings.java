package dev.socketiolambda.functions.polling;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How long-polling behaves.
 *
 * @param holdMs how long a {@code GET} waits for frames before it answers a noop (below the HTTP
 *     API's 30 s integration timeout)
 * @param lookMs how often a waiting {@code GET} looks at its queue (frames queued by this JVM wake it at once)
 * @param corsOrigins origins allowed to poll from another origin, with credentials; {@code *} any;
 *     empty: same origin only (no CORS headers, as socket.io without its {@code cors} option)
 */
public record PollingSettings(long holdMs, long lookMs, Set<String> corsOrigins) {
  public static final PollingSettings DEFAULT = new PollingSettings(20_000, 250, Set.of());

  public PollingSettings {
    if (holdMs < 0 || holdMs > 28_000 || lookMs < 1) {
      throw new IllegalArgumentException("polling hold must be 0..28000 ms and look >= 1 ms, were " + holdMs + ", "
          + lookMs);
    }
    corsOrigins = Set.copyOf(corsOrigins);
  }

  /**
   * From {@code SOCKETIO_POLLING_HOLD_MS}, {@code SOCKETIO_POLLING_LOOK_MS} and
   * {@code SOCKETIO_CORS_ORIGINS} (comma-separated, or {@code *}).
   */
  public static PollingSettings from(Map<String, String> env) {
    return new PollingSettings(num(env, "SOCKETIO_POLLING_HOLD_MS", DEFAULT.holdMs),
        num(env, "SOCKETIO_POLLING_LOOK_MS", DEFAULT.lookMs),
        Arrays.stream(env.getOrDefault("SOCKETIO_CORS_ORIGINS", "").split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).collect(Collectors.toSet()));
  }

  public PollingSettings withHold(long holdMs, long lookMs) {
    return new PollingSettings(holdMs, lookMs, corsOrigins);
  }

  public PollingSettings withCorsOrigins(Set<String> origins) {
    return new PollingSettings(holdMs, lookMs, origins);
  }

  boolean allows(String origin) {
    return origin != null && (corsOrigins.contains("*") || corsOrigins.contains(origin));
  }

  private static long num(Map<String, String> env, String name, long fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'", e);
    }
  }
}
