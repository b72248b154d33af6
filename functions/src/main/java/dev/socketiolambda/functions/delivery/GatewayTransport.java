package dev.socketiolambda.functions.delivery;

import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A {@link Transport} over the blocking management API {@link Gateway} of each connection's
 * endpoint: posts run on the caller's thread, or on an executor to have many in flight.
 */
public final class GatewayTransport implements Transport {
  private final Function<String, Gateway> gatewayOf;
  private final Executor executor;

  /**
   * @param gatewayOf the gateway reaching a connection (fails with a gone error when it is unknown)
   * @param executor where posts run, or null for the caller's thread
   */
  public GatewayTransport(Function<String, Gateway> gatewayOf, Executor executor) {
    this.gatewayOf = gatewayOf;
    this.executor = executor;
  }

  @Override
  public CompletableFuture<Void> send(String connectionId, String frame) {
    if (executor != null) {
      return CompletableFuture.runAsync(() -> post(connectionId, frame), executor);
    }
    try {
      post(connectionId, frame);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void post(String connectionId, String frame) {
    gatewayOf.apply(connectionId).post(connectionId, frame);
  }

  @Override
  public void close(String connectionId) {
    try {
      gatewayOf.apply(connectionId).delete(connectionId);
    } catch (GatewayException e) {
      // already gone or unreachable
    }
  }
}
