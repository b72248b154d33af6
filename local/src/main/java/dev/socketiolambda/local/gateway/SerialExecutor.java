package dev.socketiolambda.local.gateway;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: one per connection, so a
 * connection's invocations never overlap while different connections run in parallel.
 */
final class SerialExecutor implements Executor {
  private final Executor delegate;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private Runnable active;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(() -> {
      try {
        task.run();
      } catch (Throwable t) {
        GatewayLog.error("task failed", t);
      } finally {
        scheduleNext();
      }
    });
    if (active == null) {
      scheduleNext();
    }
  }

  private synchronized void scheduleNext() {
    active = tasks.poll();
    if (active != null) {
      try {
        delegate.execute(active);
      } catch (RuntimeException rejected) {
        // The pool is shutting down: drop what is left.
        tasks.clear();
        active = null;
      }
    }
  }
}
