package dev.socketiolambda.local.gateway;

import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one connection's invocations as real API Gateway may: in parallel and out of order. Each task
 * waits a random 0..{@code maxDelayMs} ms (seeded) and then runs on the shared function pool, so a
 * later frame can be handled before, or at the same time as, an earlier one.
 */
final class ReorderingExecutor implements Executor {
  private final Executor pool;
  private final ScheduledExecutorService timer;
  private final long maxDelayMs;
  private final Random random;

  ReorderingExecutor(Executor pool, ScheduledExecutorService timer, long maxDelayMs, long seed) {
    if (maxDelayMs < 0) {
      throw new IllegalArgumentException("reorder delay must be >= 0 ms, was " + maxDelayMs);
    }
    this.pool = pool;
    this.timer = timer;
    this.maxDelayMs = maxDelayMs;
    this.random = new Random(seed);
  }

  @Override
  public void execute(Runnable task) {
    long delay;
    synchronized (random) {
      delay = maxDelayMs == 0 ? 0 : (long) (random.nextDouble() * (maxDelayMs + 1));
    }
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (Throwable t) {
        GatewayLog.error("task failed", t);
      }
    };
    timer.schedule(() -> {
      try {
        pool.execute(guarded);
      } catch (RejectedExecutionException closing) {
        // the emulator is closing: drop it, as the serial executor does
      }
    }, delay, TimeUnit.MILLISECONDS);
  }
}
