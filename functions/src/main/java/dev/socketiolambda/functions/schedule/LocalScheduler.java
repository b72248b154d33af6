package dev.socketiolambda.functions.schedule;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Runs an app's schedules on daemon threads of this process (the local stack), every period at
 * the ticks' due times. A periodic task of the executor never runs twice at once, so ticks of a
 * schedule do not overlap: a late one runs when the previous ends. {@link #close()} stops it.
 */
public final class LocalScheduler implements AutoCloseable {
  private final ScheduledExecutorService executor;

  private LocalScheduler(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** Starts ticking every schedule (of any period) with {@code runner}. */
  public static LocalScheduler start(List<Schedule> schedules, TickRunner runner, LongSupplier clock) {
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(Math.max(1, Math.min(4, schedules.size())),
        r -> {
          Thread t = new Thread(r, "schedule-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    long now = clock.getAsLong();
    for (Schedule s : schedules) {
      long period = s.period().toMillis();
      long first = s.firstTickAtOrAfter(now);
      long[] due = {first};
      executor.scheduleAtFixedRate(() -> {
        try {
          runner.run(s, Instant.ofEpochMilli(due[0]));
        } catch (Throwable e) { // never escapes: the executor would cancel the schedule
          System.err.println("schedule " + s.name() + ": " + e);
        }
        due[0] += period;
      }, first - now, period, TimeUnit.MILLISECONDS);
    }
    return new LocalScheduler(executor);
  }

  /** Stops the ticks; waits up to 5 s for running ones. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
