package dev.socketiolambda.functions.polling;

/**
 * The transport state of one long-polling session (its Socket.IO state is the connection's).
 *
 * @param sid Engine.IO session id
 * @param state open, closed (the next GET gets what is queued, then the session is gone) or
 *     upgraded (frames go to {@code upgradedTo})
 * @param upgradedTo the WebSocket connection id the session moved to, or null
 * @param upgrading the WebSocket connection id that opened to upgrade the session, or null
 * @param getUntil until when a waiting {@code GET} holds the session (epoch ms), 0 when none waits
 * @param probed whether the upgrade's WebSocket sent its probe (the client pauses polling then)
 * @param moved whether an upgraded session's move to its WebSocket is done (sockets, acks, queue)
 */
public record PollingSession(String sid, State state, String upgradedTo, String upgrading, long getUntil,
    boolean probed, boolean moved) {
  /** Where a session is in its life. */
  public enum State { OPEN, CLOSED, UPGRADED }

  static PollingSession open(String sid) {
    return new PollingSession(sid, State.OPEN, null, null, 0, false, false);
  }

  static PollingSession gone(String sid) {
    return new PollingSession(sid, State.CLOSED, null, null, 0, false, false);
  }

  PollingSession withMoved() {
    return new PollingSession(sid, state, upgradedTo, upgrading, getUntil, probed, true);
  }

  public boolean isOpen() {
    return state == State.OPEN;
  }
}
