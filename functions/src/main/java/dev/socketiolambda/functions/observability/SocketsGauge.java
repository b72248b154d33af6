package dev.socketiolambda.functions.observability;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Sockets per namespace as a gauge, counted by the heartbeat: on the first tick of a function instance,
 * then once every {@code SOCKETIO_SOCKETS_GAUGE_MINUTES} (default {@value #DEFAULT_MINUTES}; 0 counts
 * on every tick) by the tick's scheduled time. Each count is one {@code Select COUNT} query of each
 * declared namespace's member rows (about one read unit per 4 KB of them, so per 20-40 sockets),
 * which is why it is not done on every tick.
 */
public final class SocketsGauge {
  /** The metric: the sockets connected to one namespace, dimension {@value #DIMENSION}. */
  public static final String METRIC = "Sockets";
  /** The dimension naming the Socket.IO namespace ({@code /}, {@code /chat}, ...). */
  public static final String DIMENSION = "SocketNamespace";
  static final long DEFAULT_MINUTES = 5;

  private final long periodMs;
  private long lastPeriod = Long.MIN_VALUE;

  public SocketsGauge(long everyMinutes) {
    if (everyMinutes < 0) {
      throw new IllegalArgumentException("SOCKETIO_SOCKETS_GAUGE_MINUTES must be 0 or more, was " + everyMinutes);
    }
    this.periodMs = everyMinutes * 60_000L;
  }

  /** From {@code SOCKETIO_SOCKETS_GAUGE_MINUTES}; a value that is not a whole number is refused. */
  public static SocketsGauge from(Map<String, String> env) {
    String v = env.get("SOCKETIO_SOCKETS_GAUGE_MINUTES");
    if (v == null || v.isBlank()) {
      return new SocketsGauge(DEFAULT_MINUTES);
    }
    try {
      return new SocketsGauge(Long.parseLong(v.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SOCKETIO_SOCKETS_GAUGE_MINUTES must be a whole number, was '" + v + "'", e);
    }
  }

  /**
   * Counts now if the tick scheduled at {@code scheduledMs} starts a new period (or is the first), and
   * writes one line per namespace to {@code log} and the {@link Meter}'s labelled gauge. Returns the counts
   * written, empty when it was not due.
   */
  public synchronized Map<String, Integer> onTick(long scheduledMs, Supplier<Map<String, Integer>> counts,
      InvocationLog log, Meter meter) {
    long period = periodMs == 0 ? scheduledMs : Math.floorDiv(scheduledMs, periodMs);
    if (period == lastPeriod && periodMs != 0) {
      return Map.of();
    }
    lastPeriod = period;
    Map<String, Integer> counted = counts.get();
    counted.forEach((namespace, n) -> {
      log.gauge(METRIC, DIMENSION, namespace, n);
      meter.gauge(METRIC, namespace, n);
    });
    return counted;
  }
}
