package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.delivery.Transport;

/**
 * A second Engine.IO transport beside the WebSocket API (HTTP long-polling): it routes the frames
 * of its sessions (one delivery road, one more destination) and takes part in the upgrade of a
 * session to a WebSocket connection opened with its {@code sid}.
 */
public interface TransportSeam {
  /** WebSocket only: every frame goes to the WebSocket API; upgrades are refused. */
  TransportSeam NONE = new TransportSeam() {
    @Override
    public Transport route(Transport websocket) {
      return websocket;
    }

    @Override
    public boolean acceptsUpgrade(String sid, String connectionId) {
      return false;
    }

    @Override
    public boolean isUpgrading(String sid, String connectionId) {
      return false;
    }

    @Override
    public void probed(String connectionId) {}

    @Override
    public void upgraded(String connectionId, Delivery delivery) {}
  };

  /** The transport of every frame: the WebSocket API's, with this seam's sessions routed to their own. */
  Transport route(Transport websocket);

  /**
   * Whether a WebSocket connection may open to upgrade the session {@code sid}: it exists, is open
   * and no other WebSocket claimed it (the claim is recorded).
   */
  boolean acceptsUpgrade(String sid, String connectionId);

  /** Whether this WebSocket connection is the one that claimed the upgrade of session {@code sid}. */
  boolean isUpgrading(String sid, String connectionId);

  /** The WebSocket connection of an upgrade sent the probe {@code 2probe}. */
  void probed(String connectionId);

  /** The WebSocket connection of an upgrade sent {@code 5}: the session moves to it. */
  void upgraded(String connectionId, Delivery delivery);

  /**
   * A client frame on this connection found no socket or ack under its id. If it is the WebSocket of
   * an upgrade whose move has not finished (API Gateway may run a frame sent after {@code 5} before
   * or beside the one that carries it), the move is done now or awaited. True when the connection is
   * an upgraded session's WebSocket, so the lookup is worth repeating.
   */
  default boolean awaitMove(String connectionId, Delivery delivery) {
    return false;
  }

  /** The WebSocket connection a session of this transport moved to when it upgraded, or null. */
  default String movedTo(String connectionId) {
    return null;
  }
}
