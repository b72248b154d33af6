package dev.socketiolambda.functions.polling;

/**
 * The transport state of one long-polling session (its Socket.IO state is the connection's).
 *
 * @param sid Engine.IO session id
 * @param state open, closed (the next GET gets what is queued, then the session is gone) or
 *     upgraded (frames go to {@code upgradedTo})
 * @param upgradedTo the WebSocket connection id the session moved to, or null
 */
public record PollingSession(String sid, State state, String upgradedTo) {
  /** Where a session is in its life. */
  public enum State { OPEN, CLOSED, UPGRADED }

  public boolean isOpen() {
    return state == State.OPEN;
  }
}
