package dev.socketiolambda.functions.schedule;

import dev.socketiolambda.functions.server.Emitter;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs single ticks: never two ticks of one schedule at once in this runner (a tick due while the
 * previous one still runs is skipped), and a failing tick is logged without stopping later ones.
 */
public final class TickRunner {
  /** What became of one tick. */
  public enum Outcome { RAN, FAILED, SKIPPED_OVERLAP }

  private final Emitter emitter;
  private final Consumer<String> log;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  public TickRunner(Emitter emitter, Consumer<String> log) {
    this.emitter = emitter;
    this.log = log;
  }

  /** Logs to standard error (CloudWatch on Lambda). */
  public TickRunner(Emitter emitter) {
    this(emitter, System.err::println);
  }

  public Outcome run(Schedule schedule, Instant dueAt) {
    if (!running.add(schedule.name())) {
      log.accept("schedule " + schedule.name() + ": tick due at " + dueAt + " skipped, the previous tick is still running");
      return Outcome.SKIPPED_OVERLAP;
    }
    try {
      schedule.task().run(new TickContext(schedule.name(), dueAt, emitter));
      return Outcome.RAN;
    } catch (Exception e) {
      log.accept("schedule " + schedule.name() + ": tick due at " + dueAt + " failed: " + e);
      return Outcome.FAILED;
    } finally {
      running.remove(schedule.name());
    }
  }
}
