package dev.socketiolambda.local.dynamo;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link DynamoFaultProxy} injects on the local stack's DynamoDB.
 *
 * @param failureRate share of requests answered with a fault, 0..1
 * @param kinds the faults to pick from, evenly (only {@link DynamoFaultKind#UNPROCESSED} for
 *     {@code BatchWriteItem} can be drawn where no other kind applies)
 * @param operations the operations that may fail ({@code PutItem}, {@code Query}...); empty for all
 * @param seed seed of the random decisions (same seed, same sequence of faults)
 * @param timeoutMs how long a {@link DynamoFaultKind#TIMEOUT} holds the request before dropping the connection
 */
public record DynamoFaultSettings(double failureRate, List<DynamoFaultKind> kinds, Set<String> operations, long seed,
    long timeoutMs) {
  /** Nothing injected; once a rate is set: throttling on every operation, seed 1, 1 s timeouts. */
  public static final DynamoFaultSettings NONE =
      new DynamoFaultSettings(0, List.of(DynamoFaultKind.THROTTLE), Set.of(), 1, 1000);

  public DynamoFaultSettings {
    kinds = List.copyOf(Objects.requireNonNull(kinds, "kinds"));
    operations = Set.copyOf(Objects.requireNonNull(operations, "operations"));
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException("DynamoDB failure rate must be between 0 and 1, was " + failureRate);
    }
    if (failureRate > 0 && kinds.isEmpty()) {
      throw new IllegalArgumentException("a DynamoDB failure rate above 0 needs at least one fault kind");
    }
    if (timeoutMs < 0) {
      throw new IllegalArgumentException("DynamoDB timeout must be >= 0 ms, was " + timeoutMs);
    }
  }

  /** True when nothing is injected. */
  public boolean isNone() {
    return failureRate == 0;
  }

  public DynamoFaultSettings withFailureRate(double v) {
    return new DynamoFaultSettings(v, kinds, operations, seed, timeoutMs);
  }

  public DynamoFaultSettings withKinds(List<DynamoFaultKind> v) {
    return new DynamoFaultSettings(failureRate, v, operations, seed, timeoutMs);
  }

  public DynamoFaultSettings withOperations(Set<String> v) {
    return new DynamoFaultSettings(failureRate, kinds, v, seed, timeoutMs);
  }

  public DynamoFaultSettings withSeed(long v) {
    return new DynamoFaultSettings(failureRate, kinds, operations, v, timeoutMs);
  }

  public DynamoFaultSettings withTimeoutMs(long v) {
    return new DynamoFaultSettings(failureRate, kinds, operations, seed, v);
  }
}
