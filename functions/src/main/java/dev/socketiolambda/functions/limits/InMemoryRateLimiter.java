package dev.socketiolambda.functions.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** A {@link RateLimiter} in one JVM's memory, with the same windows as {@link DynamoDbRateLimiter}: for tests. */
public final class InMemoryRateLimiter implements RateLimiter {
  private final LongSupplier clock;
  private final Map<String, Counter> counters = new HashMap<>();

  public InMemoryRateLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Decision tryAcquire(String name, Limit limit, RateKey key) {
    long now = clock.getAsLong();
    long start = limit.windowStart(now);
    long end = start + limit.windowMs();
    counters.values().removeIf(c -> c.windowEnd <= now); // what TTL does to the table's items
    Counter c = counters.computeIfAbsent(CounterKeys.of(name, key, start), k -> new Counter(end));
    if (c.count >= limit.max()) {
      return Decision.refuse(end - now, limit);
    }
    c.count++;
    return Decision.allow(limit.max() - c.count, limit);
  }

  private static final class Counter {
    final long windowEnd;
    int count;

    Counter(long windowEnd) {
      this.windowEnd = windowEnd;
    }
  }
}
