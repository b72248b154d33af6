package dev.socketiolambda.functions.observability;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one function instance, kept since it started: cheap enough to update on every frame.
 * {@link #runtime()} is the instance's own; an invocation line reports what changed while it ran, the
 * local stack's {@code /metrics} the totals and the {@link #gauge gauges}.
 */
public final class Meter {
  private static final Meter RUNTIME = new Meter();

  private final LongAdder[] counters = new LongAdder[Metric.values().length];
  private final Map<String, long[]> gauges = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> labelled = new java.util.concurrent.ConcurrentHashMap<>();

  public Meter() {
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new LongAdder();
    }
  }

  /** The counters of this function instance (the runtime's parts count here). */
  public static Meter runtime() {
    return RUNTIME;
  }

  public void count(Metric metric) {
    counters[metric.ordinal()].increment();
  }

  public void add(Metric metric, long amount) {
    counters[metric.ordinal()].add(amount);
  }

  public long get(Metric metric) {
    return counters[metric.ordinal()].sum();
  }

  /** Every counter now. */
  public long[] snapshot() {
    long[] values = new long[counters.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = counters[i].sum();
    }
    return values;
  }

  /**
   * A value measured now (not a count), e.g. {@link InvocationLog#HEARTBEAT_LAG}: kept as the last
   * and the largest value seen.
   */
  public void gauge(String name, long value) {
    gauges.compute(name, (k, v) -> v == null ? new long[] {value, value} : new long[] {value, Math.max(v[1], value)});
  }

  /** A value measured now for one label of a gauge, e.g. {@link SocketsGauge#METRIC} of one namespace. */
  public void gauge(String name, String label, long value) {
    labelled.computeIfAbsent(name, k -> new java.util.concurrent.ConcurrentSkipListMap<>()).put(label, value);
  }

  /** The last value of each label of each labelled gauge: {@code {"Sockets":{"/":3,"/chat":1}}}. */
  public Map<String, Map<String, Long>> labelledGauges() {
    Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
    labelled.forEach((name, values) -> out.put(name, Map.copyOf(values)));
    return out;
  }

  /** Every gauge measured so far: {@code name} its last value, {@code nameMax} its largest. */
  public Map<String, Long> gauges() {
    Map<String, Long> out = new java.util.TreeMap<>();
    gauges.forEach((name, v) -> {
      out.put(name, v[0]);
      out.put(name + "Max", v[1]);
    });
    return out;
  }

  /** Every counter by metric. */
  public Map<Metric, Long> totals() {
    Map<Metric, Long> out = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      out.put(m, get(m));
    }
    return out;
  }
}
