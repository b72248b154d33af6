package dev.socketiolambda.functions.polling;

/**
 * Connection ids of HTTP long-polling sessions: {@code poll:<sid>}. The colon never occurs in an
 * API Gateway connection id (base64), so the runtime tells a polling session from a WebSocket
 * connection by its id alone, with no read.
 */
public final class PollingIds {
  static final String PREFIX = "poll:";

  private PollingIds() {}

  /** Whether a connection id names a polling session. */
  public static boolean isPolling(String connectionId) {
    return connectionId != null && connectionId.startsWith(PREFIX);
  }

  /** The connection id of the polling session with this Engine.IO sid. */
  public static String connectionId(String sid) {
    return PREFIX + sid;
  }

  /** The Engine.IO sid of a polling session's connection id. */
  public static String sid(String connectionId) {
    if (!isPolling(connectionId)) {
      throw new IllegalArgumentException("not a polling session: " + connectionId);
    }
    return connectionId.substring(PREFIX.length());
  }
}
