package dev.socketiolambda.functions.server;

/**
 * What one heartbeat tick did.
 *
 * @param deferred due connections not started before the tick's budget ran out; they stay in the
 *     due index and the next tick takes them
 */
public record HeartbeatReport(int pinged, int timedOut, int connectTimeouts, int acksExpired, int gone, int failed,
    int deferred) {

  /** A report with nothing deferred. */
  public HeartbeatReport(int pinged, int timedOut, int connectTimeouts, int acksExpired, int gone, int failed) {
    this(pinged, timedOut, connectTimeouts, acksExpired, gone, failed, 0);
  }
}
