package dev.socketiolambda.functions.schedule;

/**
 * Implemented by an application (usually its {@code SocketIoApp}) that has periodic tasks: the
 * local stack and the schedule function ask it for them once at start-up.
 */
public interface ScheduledApp {
  void schedules(Schedules schedules);
}
