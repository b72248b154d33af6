package dev.socketiolambda.local.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seeded decisions of {@link DynamoFaultProxy}: for each request, whether it fails and how, and
 * the counts of what was injected. A serial sequence of requests gets the same faults run after run;
 * with concurrent requests the share is the same but which request gets which draw depends on
 * thread scheduling.
 */
final class DynamoFaultDraws {
  /** An injected fault: its kind and AWS error code ({@code UnprocessedItems}, {@code timeout} for those kinds). */
  record Decision(DynamoFaultKind kind, String code, boolean applyBeforeTimeout) {}

  static final String THROTTLING = "ThrottlingException";
  static final String PROVISIONED = "ProvisionedThroughputExceededException";
  static final String INTERNAL = "InternalServerError";

  private final DynamoFaultSettings settings;
  private final Random random;
  private final AtomicLong requests = new AtomicLong();
  private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();

  DynamoFaultDraws(DynamoFaultSettings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
  }

  /** The fault for one request of {@code operation} ({@code PutItem}...), or null to serve it untouched. */
  Decision next(String operation) {
    requests.incrementAndGet();
    if (!settings.operations().isEmpty() && !settings.operations().contains(operation)) {
      return null;
    }
    List<DynamoFaultKind> kinds = new ArrayList<>(settings.kinds());
    if (!"BatchWriteItem".equals(operation)) {
      kinds.remove(DynamoFaultKind.UNPROCESSED);
    }
    Decision d;
    synchronized (random) {
      if (kinds.isEmpty() || random.nextDouble() >= settings.failureRate()) {
        return null;
      }
      DynamoFaultKind kind = kinds.get(random.nextInt(kinds.size()));
      boolean coin = random.nextBoolean();
      d = switch (kind) {
        case THROTTLE -> new Decision(kind, coin ? THROTTLING : PROVISIONED, false);
        case INTERNAL_ERROR -> new Decision(kind, INTERNAL, false);
        case UNPROCESSED -> new Decision(kind, "UnprocessedItems", false);
        case TIMEOUT -> new Decision(kind, "timeout", coin);
      };
    }
    injected.computeIfAbsent(d.code(), c -> new AtomicLong()).incrementAndGet();
    return d;
  }

  /** Whether the next write of a batch is left unprocessed (about half are, drawn). */
  boolean withhold() {
    synchronized (random) {
      return random.nextBoolean();
    }
  }

  /** One index below {@code n}, drawn. */
  int pick(int n) {
    synchronized (random) {
      return random.nextInt(n);
    }
  }

  long requests() {
    return requests.get();
  }

  Map<String, Long> injected() {
    Map<String, Long> out = new TreeMap<>();
    injected.forEach((code, n) -> out.put(code, n.get()));
    return out;
  }
}
