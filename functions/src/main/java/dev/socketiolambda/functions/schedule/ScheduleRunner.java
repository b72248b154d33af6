package dev.socketiolambda.functions.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Runs the schedules of an app inside scheduled Lambda invocations. {@link #runMinute} is invoked
 * once a minute (EventBridge Scheduler, {@code rate(1 minute)}) and runs that minute's ticks of
 * every schedule under a minute, sleeping until each is due, as long as the invocation's remaining
 * time allows; {@link #runOne} runs one tick of a schedule of a minute or more (its own EventBridge
 * schedule). A {@link Lease} keeps consecutive invocations from overlapping and runs each minute or
 * tick at most once when EventBridge delivers it twice. Ticks run one after another: a slow tick
 * delays the others, and a tick that falls a whole period behind is skipped, never run twice at once.
 */
public final class ScheduleRunner {
  /** The lease of the per-minute invocations. */
  static final String MINUTE_LEASE = "schedule-minute";
  private static final long MINUTE_MS = 60_000;
  private static final long POLL_MS = 250;

  /** What an invocation did. */
  public record Report(int ran, int failed, int skippedLate, int skippedBudget, int skippedOverlap,
      boolean duplicate) {
    static final Report DUPLICATE = new Report(0, 0, 0, 0, 0, true);

    public String toJson() {
      return "{\"ran\":" + ran + ",\"failed\":" + failed + ",\"skippedLate\":" + skippedLate + ",\"skippedBudget\":"
          + skippedBudget + ",\"skippedOverlap\":" + skippedOverlap + ",\"duplicate\":" + duplicate + "}";
    }
  }

  /** Waits; tests pass one that moves their clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long ms) throws InterruptedException;
  }

  private final Schedules schedules;
  private final TickRunner ticks;
  private final Lease lease;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final long safetyMarginMs;

  /**
   * @param safetyMarginMs time kept free at the end of an invocation: a tick is started only while
   *     at least this much of the invocation's time is left (more than the slowest tick takes)
   */
  public ScheduleRunner(Schedules schedules, TickRunner ticks, Lease lease, LongSupplier clock, Sleeper sleeper,
      long safetyMarginMs) {
    this.schedules = schedules;
    this.ticks = ticks;
    this.lease = lease;
    this.clock = clock;
    this.sleeper = sleeper;
    this.safetyMarginMs = safetyMarginMs;
  }

  /**
   * Runs the ticks due in the minute of {@code scheduledMs} (EventBridge's scheduled time) of the
   * schedules under a minute. Waits while the previous minute's invocation still holds the lease.
   *
   * @param remainingMs the invocation's remaining time (Lambda's {@code getRemainingTimeInMillis})
   */
  public Report runMinute(long scheduledMs, LongSupplier remainingMs, String owner) throws InterruptedException {
    long minute = Math.floorDiv(scheduledMs, MINUTE_MS) * MINUTE_MS;
    List<Tick> due = ticksOf(minute, minute + MINUTE_MS);
    while (true) {
      long now = clock.getAsLong();
      Lease.Result r = lease.acquire(MINUTE_LEASE, minute, owner, now + remainingMs.getAsLong(), now);
      if (r == Lease.Result.DONE) {
        return Report.DUPLICATE;
      }
      if (r == Lease.Result.ACQUIRED) {
        break;
      }
      if (now + POLL_MS >= minute + MINUTE_MS || remainingMs.getAsLong() - POLL_MS < safetyMarginMs) {
        return new Report(0, 0, 0, 0, due.size(), false); // the previous minute never let go
      }
      sleeper.sleep(POLL_MS);
    }
    try {
      return run(due, remainingMs);
    } finally {
      lease.release(MINUTE_LEASE, owner);
    }
  }

  /** Runs one tick of {@code name} (a schedule of a minute or more) unless its previous tick still runs. */
  public Report runOne(String name, long scheduledMs, LongSupplier remainingMs, String owner) {
    Schedule s = schedules.named(name).orElseThrow(() -> new IllegalArgumentException("no schedule named " + name));
    long slot = Math.floorDiv(scheduledMs, MINUTE_MS) * MINUTE_MS;
    long now = clock.getAsLong();
    Lease.Result r = lease.acquire("schedule:" + name, slot, owner, now + remainingMs.getAsLong(), now);
    if (r == Lease.Result.DONE) {
      return Report.DUPLICATE;
    }
    if (r == Lease.Result.BUSY) {
      return new Report(0, 0, 0, 0, 1, false);
    }
    try {
      TickRunner.Outcome o = ticks.run(s, Instant.ofEpochMilli(slot));
      return new Report(o == TickRunner.Outcome.RAN ? 1 : 0, o == TickRunner.Outcome.FAILED ? 1 : 0, 0, 0,
          o == TickRunner.Outcome.SKIPPED_OVERLAP ? 1 : 0, false);
    } finally {
      lease.release("schedule:" + name, owner);
    }
  }

  private Report run(List<Tick> due, LongSupplier remainingMs) throws InterruptedException {
    int ran = 0;
    int failed = 0;
    int late = 0;
    int overlap = 0;
    for (int i = 0; i < due.size(); i++) {
      Tick t = due.get(i);
      long now = clock.getAsLong();
      if (remainingMs.getAsLong() - Math.max(0, t.at - now) < safetyMarginMs) {
        return new Report(ran, failed, late, due.size() - i, overlap, false);
      }
      if (now >= t.at + t.schedule.period().toMillis()) {
        late++; // a slow tick before it took its whole period
        continue;
      }
      if (t.at > now) {
        sleeper.sleep(t.at - now);
      }
      switch (ticks.run(t.schedule, Instant.ofEpochMilli(t.at))) {
        case RAN -> ran++;
        case FAILED -> failed++;
        case SKIPPED_OVERLAP -> overlap++;
        default -> throw new IllegalStateException();
      }
    }
    return new Report(ran, failed, late, 0, overlap, false);
  }

  private List<Tick> ticksOf(long from, long to) {
    List<Tick> out = new ArrayList<>();
    for (Schedule s : schedules.subMinute()) {
      for (long at = s.firstTickAtOrAfter(from); at < to; at += s.period().toMillis()) {
        out.add(new Tick(s, at));
      }
    }
    out.sort(Comparator.comparingLong(Tick::at)); // stable: schedules in the order added
    return out;
  }

  private record Tick(Schedule schedule, long at) {}
}
