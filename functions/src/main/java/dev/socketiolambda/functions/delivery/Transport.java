package dev.socketiolambda.functions.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * The transport seam: one attempt to hand one frame to one connection, wherever it is (today the
 * API Gateway management API; an HTTP long-polling session later). No retries here: the future
 * fails with {@link dev.socketiolambda.functions.gateway.ConnectionGoneException} when the
 * connection is gone, {@link MessageTooLargeException} when the frame is refused for its size, and
 * {@link dev.socketiolambda.functions.gateway.GatewayException} (with the status) otherwise;
 * {@link Delivery} decides what to do about it.
 */
public interface Transport {

  /** One attempt to send one text frame; never throws, the future carries the failure. */
  CompletableFuture<Void> send(String connectionId, String frame);

  /** Closes the connection; a connection already gone is not an error. */
  void close(String connectionId);
}
