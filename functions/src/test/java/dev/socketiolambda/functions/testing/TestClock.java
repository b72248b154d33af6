package dev.socketiolambda.functions.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A clock for tests: epoch milliseconds that move only when told to. Thread-safe. */
public final class TestClock implements LongSupplier {
  /** 2023-11-14T22:13:20Z: a realistic epoch for stores and fixtures. */
  public static final long DEFAULT_START = 1_700_000_000_000L;

  private final AtomicLong now;
  private final AtomicLong stepPerRead = new AtomicLong();

  public TestClock() {
    this(DEFAULT_START);
  }

  public TestClock(long startMillis) {
    this.now = new AtomicLong(startMillis);
  }

  @Override
  public long getAsLong() {
    long step = stepPerRead.get();
    return step == 0 ? now.get() : now.getAndAdd(step);
  }

  /** The current time without any auto-advance. */
  public long now() {
    return now.get();
  }

  /** Moves the clock forward and returns the new time. */
  public long advance(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("a clock only moves forward, was " + millis);
    }
    return now.addAndGet(millis);
  }

  public void set(long millis) {
    now.set(millis);
  }

  /** Makes every read move the clock forward by {@code millis} after returning (0 turns it off). */
  public TestClock autoAdvance(long millis) {
    stepPerRead.set(millis);
    return this;
  }
}
