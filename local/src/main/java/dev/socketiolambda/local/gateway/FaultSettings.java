package dev.socketiolambda.local.gateway;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RandomFaults} injects on the {@code @connections} API.
 *
 * @param postLatencyMs sleep before each {@code PostToConnection}, ms
 * @param postFailureRate share of POSTs answered with a failure, 0..1
 * @param postFailureStatuses statuses of those failures, picked evenly (410, 429, 500, 403, 413, 502-504)
 * @param seed seed of the random decisions (same seed, same sequence of faults)
 */
public record FaultSettings(long postLatencyMs, double postFailureRate, List<Integer> postFailureStatuses, long seed) {
  /** Nothing injected; failures, once a rate is set, are 500 and 429; seed 1. */
  public static final FaultSettings NONE = new FaultSettings(0, 0, List.of(500, 429), 1);

  public FaultSettings {
    postFailureStatuses = List.copyOf(Objects.requireNonNull(postFailureStatuses, "postFailureStatuses"));
    if (postLatencyMs < 0) {
      throw new IllegalArgumentException("post latency must be >= 0 ms, was " + postLatencyMs);
    }
    if (!(postFailureRate >= 0 && postFailureRate <= 1)) {
      throw new IllegalArgumentException("post failure rate must be between 0 and 1, was " + postFailureRate);
    }
    if (postFailureRate > 0 && postFailureStatuses.isEmpty()) {
      throw new IllegalArgumentException("a post failure rate above 0 needs at least one failure status");
    }
    for (int status : postFailureStatuses) {
      RandomFaults.fault(status); // names the statuses it cannot inject
    }
  }

  /** True when nothing is injected. */
  public boolean isNone() {
    return postLatencyMs == 0 && postFailureRate == 0;
  }

  public FaultSettings withPostLatencyMs(long v) {
    return new FaultSettings(v, postFailureRate, postFailureStatuses, seed);
  }

  public FaultSettings withPostFailureRate(double v) {
    return new FaultSettings(postLatencyMs, v, postFailureStatuses, seed);
  }

  public FaultSettings withPostFailureStatuses(List<Integer> v) {
    return new FaultSettings(postLatencyMs, postFailureRate, v, seed);
  }

  public FaultSettings withSeed(long v) {
    return new FaultSettings(postLatencyMs, postFailureRate, postFailureStatuses, v);
  }
}
