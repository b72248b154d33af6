package dev.socketiolambda.functions.gateway;

/** Sends frames to and closes API Gateway WebSocket connections (the management API). */
public interface Gateway {

  /**
   * Sends one text frame. Retries throttling and server errors with jitter.
   *
   * @throws ConnectionGoneException when the connection no longer exists (410)
   * @throws GatewayException when the frame could not be delivered for another reason
   */
  void post(String connectionId, String frame);

  /** Sends one text frame once, without retries: for volatile emits and best-effort notices. */
  void postOnce(String connectionId, String frame);

  /** Whether the connection exists and is established (GetConnection). */
  boolean isConnected(String connectionId);

  /** Closes the connection; a connection already gone is not an error. */
  void delete(String connectionId);
}
