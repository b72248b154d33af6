package dev.socketiolambda.functions.polling;

import dev.socketiolambda.functions.delivery.Transport;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The transport seam with long-polling: frames for a polling session go to its queue, frames for a
 * session upgraded meanwhile to its WebSocket connection, everything else to the WebSocket API.
 */
final class PollingTransport implements Transport {
  private final PollingQueue queue;
  private final Transport websocket;

  PollingTransport(PollingQueue queue, Transport websocket) {
    this.queue = queue;
    this.websocket = websocket;
  }

  @Override
  public CompletableFuture<Void> send(String connectionId, String frame) {
    if (!PollingIds.isPolling(connectionId)) {
      return websocket.send(connectionId, frame);
    }
    Optional<PollingSession> refused;
    try {
      refused = queue.enqueue(PollingIds.sid(connectionId), frame);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (refused.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    PollingSession s = refused.get();
    if (s.state() == PollingSession.State.UPGRADED) {
      return websocket.send(s.upgradedTo(), frame);
    }
    return CompletableFuture.failedFuture(new ConnectionGoneException(connectionId, null));
  }

  @Override
  public void close(String connectionId) {
    if (PollingIds.isPolling(connectionId)) {
      queue.close(PollingIds.sid(connectionId));
    } else {
      websocket.close(connectionId);
    }
  }
}
