package dev.socketiolambda.functions.observability;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one function instance, kept since it started: cheap enough to update on every frame.
 * {@link #runtime()} is the instance's own; an invocation line reports what changed while it ran, the
 * local stack's {@code /metrics} the totals.
 */
public final class Meter {
  private static final Meter RUNTIME = new Meter();

  private final LongAdder[] counters = new LongAdder[Metric.values().length];

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

  /** Every counter by metric. */
  public Map<Metric, Long> totals() {
    Map<Metric, Long> out = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      out.put(m, get(m));
    }
    return out;
  }
}
