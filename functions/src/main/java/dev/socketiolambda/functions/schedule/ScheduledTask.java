package dev.socketiolambda.functions.schedule;

/** The work of one tick of a {@link Schedule}; an exception fails this tick only. */
@FunctionalInterface
public interface ScheduledTask {
  void run(TickContext tick) throws Exception;
}
