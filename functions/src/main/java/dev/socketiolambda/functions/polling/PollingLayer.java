package dev.socketiolambda.functions.polling;

import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.delivery.Transport;
import dev.socketiolambda.functions.server.TransportSeam;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.PendingAck;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StateStore;
import java.util.List;
import java.util.Optional;

/**
 * HTTP long-polling as the engine's second transport: routes frames of polling sessions to their
 * queues and moves a session to the WebSocket connection that upgrades it.
 *
 * <p>The move, on {@code 5}: the session is marked upgraded (from then on frames for it go to the
 * WebSocket connection, atomically with queueing); the connection row is copied to the WebSocket
 * connection id (handshake, heartbeat times); each socket is written under the new id, then removed
 * under the old one (rooms and data kept); pending server-to-client acks move the same way; what was
 * still queued is sent to the WebSocket, in order; the session is marked moved; the old rows go.
 * Requests: 2 reads, 2 updates, 1 put, per socket 1 put and 1 delete (with their memberships),
 * 1 query of the acks and per ack 1 put and 1 delete, the queue's query, 1 partition delete.
 *
 * <p>On AWS a connection's {@code $default} invocations may overlap: a frame the client sent after
 * {@code 5} may run before or beside the move. One that finds no socket or ack under the WebSocket
 * id calls {@link #awaitMove}: it does the move itself (the client sent {@code 5} before it) or
 * waits until the session is marked moved, then looks again.
 */
public final class PollingLayer implements TransportSeam {
  private static final int DRAIN_BYTES = 64 * 1024;
  /** How long a frame that overtook the move waits for it (the move is a few dozen requests). */
  private static final long MOVE_WAIT_MS = 10_000;

  private final PollingQueue queue;
  private final StateStore store;

  public PollingLayer(PollingQueue queue, StateStore store) {
    this.queue = queue;
    this.store = store;
  }

  public PollingQueue queue() {
    return queue;
  }

  @Override
  public Transport route(Transport websocket) {
    return new PollingTransport(queue, websocket);
  }

  @Override
  public boolean acceptsUpgrade(String sid, String connectionId) {
    return sid != null && !sid.isEmpty() && queue.claimUpgrade(sid, connectionId);
  }

  @Override
  public boolean isUpgrading(String sid, String connectionId) {
    return queue.session(sid).map(s -> s.isOpen() && connectionId.equals(s.upgrading())).orElse(false);
  }

  @Override
  public void probed(String connectionId) {
    // the waiting GET answers with a noop, so the client's polling pauses and it can send 5 (a GET
    // that starts later on a session being upgraded holds briefly: see PollingServer)
    Optional<PollingSession> session = sessionOf(connectionId).flatMap(queue::session)
        .filter(s -> s.isOpen() && connectionId.equals(s.upgrading()));
    if (session.isPresent()) {
      queue.markProbed(session.get().sid());
      if (session.get().getUntil() > System.currentTimeMillis()) {
        queue.enqueue(session.get().sid(), Delivery.NOOP);
      }
    }
  }

  @Override
  public void upgraded(String connectionId, Delivery delivery) {
    Optional<ConnectionRecord> ws = store.getConnection(connectionId);
    String sid = ws.map(PollingLayer::sidQuery).orElse(null);
    if (sid == null) {
      return;
    }
    String pollingId = PollingIds.connectionId(sid);
    Optional<ConnectionRecord> polling = store.getConnection(pollingId);
    if (polling.isEmpty() || !queue.markUpgraded(sid, connectionId)) {
      return; // closed, timed out or upgraded already
    }
    ConnectionRecord p = polling.get();
    store.putConnection(new ConnectionRecord(connectionId, p.eioSid(), ws.get().endpoint(), p.connectedAt(),
        p.sourceIp(), p.headers(), p.query(), p.lastPingAt(), p.lastPongAt(), p.connectDeadline(), p.dueAt()));
    for (SocketRecord s : store.socketsOf(pollingId)) {
      store.putSocket(new SocketRecord(connectionId, s.namespace(), s.sid(), s.authJson(), s.dataJson(), s.rooms(),
          s.connectedAt()));
      store.deleteSocket(s);
    }
    try {
      moveAcks(pollingId, connectionId);
      drain(sid, connectionId, delivery);
    } finally {
      queue.markMoved(sid); // frames that overtook the move go on (also when it failed part-way)
    }
    store.deleteConnection(pollingId);
  }

  /** What was queued before the session was marked upgraded goes to the WebSocket, in order. */
  private void drain(String sid, String connectionId, Delivery delivery) {
    while (true) {
      Optional<PollingQueue.Taken> taken = queue.take(sid, DRAIN_BYTES);
      if (taken.isEmpty() || taken.get().frames().isEmpty()) {
        return;
      }
      List<String> frames = taken.get().frames().stream().filter(f -> !f.equals(Delivery.NOOP)).toList();
      if (!frames.isEmpty()) {
        Outcome o = delivery.send(connectionId, frames, false, delivery.deadlineIn(5_000));
        if (!o.delivered()) {
          return;
        }
      }
    }
  }

  /**
   * Before the move the WebSocket's row names its session in its query ({@code sid}); from the move
   * on the row is the session's copy, whose Engine.IO sid is the session's. Requests: 1 read of the
   * row and 1 of the session (a plain WebSocket connection stops there: no session has its sid),
   * the move when this frame came first, else 1 read per look until the session is marked moved.
   */
  @Override
  public boolean awaitMove(String connectionId, Delivery delivery) {
    if (PollingIds.isPolling(connectionId)) {
      return false;
    }
    Optional<ConnectionRecord> ws = store.getConnection(connectionId);
    if (ws.isEmpty()) {
      return false;
    }
    String sid = Optional.ofNullable(sidQuery(ws.get())).orElse(ws.get().eioSid());
    long deadline = System.currentTimeMillis() + MOVE_WAIT_MS;
    boolean tried = false;
    for (int look = 0; ; look++) {
      PollingSession s = sid == null ? null : queue.session(sid).orElse(null);
      if (s == null) {
        return false;
      }
      if (s.isOpen() && connectionId.equals(s.upgrading()) && !tried) {
        tried = true;
        upgraded(connectionId, delivery); // the client sent 5 before this frame: the move happens now
        continue;
      }
      if (s.state() != PollingSession.State.UPGRADED || !connectionId.equals(s.upgradedTo())) {
        return false;
      }
      if (s.moved() || System.currentTimeMillis() >= deadline) {
        return true;
      }
      try {
        Thread.sleep(Math.min(200, 5L << Math.min(look, 6))); // another invocation is moving it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
  }

  /**
   * Server-to-client acks still waiting move with the session, before what was queued is sent (a
   * reply to a drained frame finds its ack): each is written under the WebSocket id, timeout kept,
   * then taken from the old one, so a reply the WebSocket brings meanwhile finds it. If the old one
   * was gone by then (the heartbeat expired it), the copy is taken back: a reply is handled once.
   */
  private void moveAcks(String pollingId, String connectionId) {
    for (PendingAck a : store.acksOf(pollingId)) {
      store.putAck(new PendingAck(connectionId, a.ackId(), a.namespace(), a.sid(), a.handler(), a.contextJson(),
          a.expiresAt()));
      if (store.takeAck(pollingId, a.ackId()).isEmpty()) {
        store.takeAck(connectionId, a.ackId());
      }
    }
  }

  @Override
  public String movedTo(String connectionId) {
    if (!PollingIds.isPolling(connectionId)) {
      return null;
    }
    return queue.session(PollingIds.sid(connectionId))
        .filter(s -> s.state() == PollingSession.State.UPGRADED).map(PollingSession::upgradedTo).orElse(null);
  }

  private Optional<String> sessionOf(String connectionId) {
    return store.getConnection(connectionId).map(PollingLayer::sidQuery);
  }

  private static String sidQuery(ConnectionRecord c) {
    List<String> v = c.query().get("sid");
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
