package dev.socketiolambda.local.gateway;

import dev.socketiolambda.local.dynamo.DynamoFaultSettings;
import java.util.List;
import java.util.Objects;

/**
 * What the local stack injects: {@link RandomFaults} on the {@code @connections} API, and
 * {@code dynamo} on DynamoDB (see {@link dev.socketiolambda.local.dynamo.DynamoFaultProxy}).
 *
 * @param postLatencyMs sleep before each {@code PostToConnection}, ms
 * @param postFailureRate share of POSTs answered with a failure, 0..1
 * @param postFailureStatuses statuses of those failures, picked evenly (410, 429, 500, 403, 413, 502-504)
 * @param seed seed of the random decisions (same seed, same sequence of faults)
 * @param dynamo the faults on DynamoDB (their own rate, kinds and seed)
 * @param parallelDefaultMs below 0: a connection's {@code $default} invocations run one at a time in
 *     arrival order; 0 or more: in parallel and out of order, each after a random delay up to that
 *     many ms (seeded by {@code seed}), as API Gateway may invoke them
 */
public record FaultSettings(long postLatencyMs, double postFailureRate, List<Integer> postFailureStatuses, long seed,
    DynamoFaultSettings dynamo, long parallelDefaultMs) {
  /** Nothing injected; failures, once a rate is set, are 500 and 429; seed 1. */
  public static final FaultSettings NONE = new FaultSettings(0, 0, List.of(500, 429), 1);

  public FaultSettings {
    Objects.requireNonNull(dynamo, "dynamo");
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

  /** The {@code @connections} faults alone, nothing injected on DynamoDB, invocations in order. */
  public FaultSettings(long postLatencyMs, double postFailureRate, List<Integer> postFailureStatuses, long seed) {
    this(postLatencyMs, postFailureRate, postFailureStatuses, seed, DynamoFaultSettings.NONE, -1);
  }

  /** True when a connection's {@code $default} invocations may run in parallel and out of order. */
  public boolean parallelDefault() {
    return parallelDefaultMs >= 0;
  }

  public FaultSettings withParallelDefault(long maxDelayMs) {
    return new FaultSettings(postLatencyMs, postFailureRate, postFailureStatuses, seed, dynamo, maxDelayMs);
  }

  /** True when nothing is injected on the {@code @connections} API (see {@link #dynamo} for DynamoDB). */
  public boolean isNone() {
    return postLatencyMs == 0 && postFailureRate == 0;
  }

  public FaultSettings withPostLatencyMs(long v) {
    return new FaultSettings(v, postFailureRate, postFailureStatuses, seed, dynamo, parallelDefaultMs);
  }

  public FaultSettings withPostFailureRate(double v) {
    return new FaultSettings(postLatencyMs, v, postFailureStatuses, seed, dynamo, parallelDefaultMs);
  }

  public FaultSettings withPostFailureStatuses(List<Integer> v) {
    return new FaultSettings(postLatencyMs, postFailureRate, v, seed, dynamo, parallelDefaultMs);
  }

  public FaultSettings withSeed(long v) {
    return new FaultSettings(postLatencyMs, postFailureRate, postFailureStatuses, v, dynamo, parallelDefaultMs);
  }

  public FaultSettings withDynamo(DynamoFaultSettings v) {
    return new FaultSettings(postLatencyMs, postFailureRate, postFailureStatuses, seed, v, parallelDefaultMs);
  }
}
