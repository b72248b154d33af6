package dev.socketiolambda.functions.gateway;

/**
 * The management API of one API Gateway endpoint, blocking: one call per method, no retries (the
 * {@link dev.socketiolambda.functions.delivery.Delivery} component retries).
 */
public interface Gateway {

  /**
   * One attempt to send one text frame.
   *
   * @throws ConnectionGoneException when the connection no longer exists (410)
   * @throws GatewayException when the frame could not be delivered for another reason (with its status)
   */
  void post(String connectionId, String frame);

  /** Whether the connection exists and is established (GetConnection). */
  boolean isConnected(String connectionId);

  /** Closes the connection; a connection already gone is not an error. */
  void delete(String connectionId);
}
