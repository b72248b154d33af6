package dev.socketiolambda.local.gateway;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency and failure injection on {@code PostToConnection} calls of the emulated
 * {@code @connections} API, for tests and benchmarks: each POST is first delayed by
 * {@code postLatencyMs} ({@link #latencyMillis}: the emulator answers later without holding a thread
 * per delayed call), then a share {@code failureRate} of them is answered with one of the
 * statuses in {@code failureStatuses} (picked evenly) instead of being delivered, shaped as API
 * Gateway answers it: 410 {@code GoneException} (the frame is not delivered; the connection stays
 * open, as when API Gateway reports a connection gone that the client still holds), 429
 * {@code LimitExceededException}, 500 {@code InternalServerErrorException}, 403
 * {@code ForbiddenException}, 413 {@code PayloadTooLargeException}, other 5xx. GET and DELETE are
 * served untouched.
 *
 * <p>Decisions come from one {@link Random} seeded with {@code seed}: a sequence of POSTs gets the
 * same faults run after run. With concurrent POSTs the share and the sequence of draws are the
 * same, but which request gets which draw depends on thread scheduling.
 */
public final class RandomFaults implements ManagementFaults {
  private final long postLatencyMs;
  private final double failureRate;
  private final List<Integer> failureStatuses;
  private final Random random;
  private final AtomicLong posts = new AtomicLong();
  private final Map<Integer, AtomicLong> injected = new ConcurrentHashMap<>();

  /**
   * @param postLatencyMs delay before each POST is served, ms (>= 0)
   * @param failureRate share of POSTs answered with a failure, 0..1
   * @param failureStatuses the statuses to answer with (4xx/5xx); must not be empty when the rate is above 0
   * @param seed seed of the decisions
   */
  public RandomFaults(long postLatencyMs, double failureRate, List<Integer> failureStatuses, long seed) {
    if (postLatencyMs < 0) {
      throw new IllegalArgumentException("post latency must be >= 0 ms, was " + postLatencyMs);
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException("post failure rate must be between 0 and 1, was " + failureRate);
    }
    this.failureStatuses = List.copyOf(Objects.requireNonNull(failureStatuses, "failureStatuses"));
    if (failureRate > 0 && this.failureStatuses.isEmpty()) {
      throw new IllegalArgumentException("a post failure rate above 0 needs at least one failure status");
    }
    for (int status : this.failureStatuses) {
      fault(status); // validates
    }
    this.postLatencyMs = postLatencyMs;
    this.failureRate = failureRate;
    this.random = new Random(seed);
  }

  /** The faults these settings describe, or {@link ManagementFaults#NONE} when they inject nothing. */
  public static ManagementFaults of(FaultSettings settings) {
    if (settings.isNone()) {
      return ManagementFaults.NONE;
    }
    return new RandomFaults(settings.postLatencyMs(), settings.postFailureRate(), settings.postFailureStatuses(),
        settings.seed());
  }

  /** {@code postLatencyMs} for POSTs, 0 for GET and DELETE. */
  @Override
  public long latencyMillis(Operation operation, String connectionId) {
    return operation == Operation.POST_TO_CONNECTION ? postLatencyMs : 0;
  }

  /** Never blocks: the latency is {@link #latencyMillis}, the decision a draw from the seeded random. */
  @Override
  public boolean mayBlock() {
    return false;
  }

  /** The fault decision for a request, made after {@link #latencyMillis} has passed. */
  @Override
  public Fault before(Operation operation, String connectionId) {
    if (operation != Operation.POST_TO_CONNECTION) {
      return null;
    }
    posts.incrementAndGet();
    if (failureRate == 0) {
      return null;
    }
    int status;
    synchronized (random) {
      if (random.nextDouble() >= failureRate) {
        return null;
      }
      status = failureStatuses.get(random.nextInt(failureStatuses.size()));
    }
    injected.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    return fault(status);
  }

  /** The API Gateway error answered for a status. */
  public static Fault fault(int status) {
    return switch (status) {
      case 410 -> new Fault(410, "GoneException", null);
      case 429 -> Fault.limitExceeded();
      case 500 -> Fault.internalError();
      case 403 -> Fault.forbidden();
      case 413 -> new Fault(413, "PayloadTooLargeException", "Message too long");
      case 502, 503, 504 -> new Fault(status, "InternalServerErrorException", "Internal server error");
      default -> throw new IllegalArgumentException("cannot inject status " + status
          + ": use 403, 410, 413, 429, 500, 502, 503 or 504");
    };
  }

  /** POSTs seen so far. */
  public long posts() {
    return posts.get();
  }

  /** Failures injected so far, by status. */
  public Map<Integer, Long> injected() {
    Map<Integer, Long> out = new TreeMap<>();
    injected.forEach((status, n) -> out.put(status, n.get()));
    return out;
  }

  public long postLatencyMs() {
    return postLatencyMs;
  }

  public double failureRate() {
    return failureRate;
  }

  public List<Integer> failureStatuses() {
    return failureStatuses;
  }
}
