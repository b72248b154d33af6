package dev.socketiolambda.functions.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A periodic task: ticks are due at whole multiples of {@code period} since the epoch (a 10 s
 * schedule ticks at :00, :10, :20...). Periods of a minute or more run as their own EventBridge
 * Scheduler schedule ({@code rate(N minutes)}, so whole minutes only); shorter ones inside the
 * per-minute invocation of {@link MinuteRunner}.
 *
 * @param name 1 to 64 letters, digits, '_', '.' or '-' (usable in an EventBridge schedule name)
 * @param period at least one second
 * @param task the work of each tick
 */
public record Schedule(String name, Duration period, ScheduledTask task) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** The shortest period EventBridge Scheduler runs on its own. */
  public static final Duration MINUTE = Duration.ofMinutes(1);

  public Schedule {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(task, "task");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a schedule name is 1 to 64 letters, digits, '_', '.' or '-', was '"
          + name + "'");
    }
    if (period.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("schedule " + name + ": the period must be at least 1 s, was " + period);
    }
    if (period.compareTo(MINUTE) >= 0 && period.toMillis() % MINUTE.toMillis() != 0) {
      throw new IllegalArgumentException("schedule " + name + ": a period of a minute or more must be whole minutes "
          + "(EventBridge Scheduler's rate), was " + period);
    }
  }

  /** True when the period is under a minute: the ticks run inside the per-minute invocation. */
  public boolean subMinute() {
    return period.compareTo(MINUTE) < 0;
  }

  /** The first tick due at or after {@code epochMs}. */
  long firstTickAtOrAfter(long epochMs) {
    long p = period.toMillis();
    return Math.floorDiv(epochMs + p - 1, p) * p;
  }
}
