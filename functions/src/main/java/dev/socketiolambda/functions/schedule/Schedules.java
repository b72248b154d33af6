package dev.socketiolambda.functions.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The periodic tasks of an application: {@code schedules.every(Duration.ofSeconds(10), "metrics",
 * tick -> tick.emitter().to("queue:metrics").emit("metrics", snapshot()))}. Names are unique.
 */
public final class Schedules {
  private final Map<String, Schedule> byName = new LinkedHashMap<>();

  /** Adds a schedule; returns this for chaining. */
  public Schedules every(Duration period, String name, ScheduledTask task) {
    return add(new Schedule(name, period, task));
  }

  /** Adds a schedule; returns this for chaining. */
  public synchronized Schedules add(Schedule schedule) {
    if (byName.putIfAbsent(schedule.name(), schedule) != null) {
      throw new IllegalArgumentException("there is already a schedule named " + schedule.name());
    }
    return this;
  }

  /** Every schedule, in the order added. */
  public synchronized List<Schedule> all() {
    return List.copyOf(byName.values());
  }

  /** The schedules under a minute: the ticks of {@link ScheduleRunner#runMinute}. */
  public synchronized List<Schedule> subMinute() {
    List<Schedule> out = new ArrayList<>();
    byName.values().stream().filter(Schedule::subMinute).forEach(out::add);
    return out;
  }

  public synchronized Optional<Schedule> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The schedules of an app that describes some ({@link ScheduledApp}); none otherwise. */
  public static Schedules of(Object app) {
    Schedules s = new Schedules();
    if (app instanceof ScheduledApp scheduled) {
      scheduled.schedules(s);
    }
    return s;
  }
}
