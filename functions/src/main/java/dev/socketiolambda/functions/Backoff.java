package dev.socketiolambda.functions;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter. */
public final class Backoff {
  private Backoff() {}

  /** Delay for an attempt (1-based): random in [0, min(cap, base * 2^(attempt-1))]. */
  public static long delayMs(int attempt, long baseMs, long capMs) {
    long ceiling = Math.min(capMs, baseMs << Math.min(20, Math.max(0, attempt - 1)));
    return ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  /** Sleeps for {@link #delayMs}; keeps the interrupt flag if interrupted. */
  public static void sleepWithJitter(int attempt, long baseMs, long capMs) {
    try {
      Thread.sleep(delayMs(attempt, baseMs, capMs));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
