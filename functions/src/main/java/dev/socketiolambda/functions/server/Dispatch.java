package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.PacketType;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Namespace dispatch: CONNECT with its middlewares, DISCONNECT, events to listeners, acks to {@link Acks}. */
final class Dispatch {
  /** Writes of a first CONNECT tried against pings racing it (one is almost always enough). */
  static final int CONNECT_WRITE_ATTEMPTS = 4;
  /** Looks at a namespace's socket a CONNECT finds being disconnected, with pauses of 25, 50, ... 800 ms between. */
  static final int CONNECT_LOOKS = 7;
  static final long CONNECT_WAIT_MS = 25;
  private final Parts parts;

  Dispatch(Parts parts) {
    this.parts = parts;
  }

  void dispatch(Call call, Packet packet) {
    dispatch(call, packet, parts.clock.getAsLong());
  }

  /**
   * One packet of a frame API Gateway received at {@code receivedAt} (epoch ms), which orders a
   * client's CONNECT and DISCONNECT of one namespace when their invocations overlap or come out of order.
   */
  void dispatch(Call call, Packet packet, long receivedAt) {
    InvocationLog.describe(packet.namespace(), packet.type() == PacketType.EVENT ? packet.eventName()
        : packet.type().name());
    if (packet.type() == PacketType.EVENT) {
      Meter.runtime().count(Metric.EVENTS_IN);
    }
    switch (packet.type()) {
      case CONNECT -> onConnect(call, packet, receivedAt);
      case DISCONNECT -> onDisconnect(call, packet, receivedAt);
      case EVENT -> onEvent(call, packet);
      case ACK -> parts.acks().onAckPacket(call, packet);
      default -> {
        // CONNECT_ERROR from a client means nothing to a server
      }
    }
  }

  private void reply(Call call, Packet packet) {
    call.outbox().add(SocketIoEncoder.encode(packet).engineFrames());
  }

  /**
   * A CONNECT: answered with the namespace's socket when the connection has one, else a new socket once the
   * middlewares let it. A socket whose disconnect is under way (a client's {@code 41} just before, handled in
   * parallel) is waited for; a socket a parallel CONNECT made meanwhile answers this one too.
   */
  private void onConnect(Call call, Packet packet, long receivedAt) {
    String nsp = packet.namespace();
    Optional<ConnectionRecord> conn = parts.store.getConnection(call.connectionId());
    if (conn.isEmpty()) {
      return;
    }
    Namespace ns = parts.io.resolve(nsp);
    if (ns == null) {
      reply(call, Packet.connectError(nsp, "Invalid namespace", null));
      return;
    }
    for (int look = 0; look < CONNECT_LOOKS; look++) {
      if (look > 0 && !pause(call, look)) {
        break;
      }
      if (parts.store.getSocket(call.connectionId(), nsp).isPresent()) {
        Optional<SocketRecord> answered = parts.store.answerConnect(call.connectionId(), nsp, receivedAt);
        if (answered.isPresent()) {
          reply(call, Packet.connected(nsp, answered.get().sid()));
          return;
        }
        continue; // gone meanwhile, or being disconnected: look again
      }
      ObjectNode auth = packet.data() != null && packet.data().isObject() ? (ObjectNode) packet.data() : Json.object();
      long now = parts.clock.getAsLong();
      Recovery recovery = parts.recovery;
      Recovery.Restored restored = recovery == null ? null : recovery.restore(nsp, auth, now).orElse(null);
      Connected done = connect(call, nsp, ns, conn.get(), auth, now, receivedAt, restored);
      if (done == Connected.OTHER_OWNER) {
        done = connect(call, nsp, ns, conn.get(), auth, now, receivedAt, null); // another owner: a fresh session
      }
      if (done != Connected.SOCKET_EXISTS) {
        return;
      }
    }
    reply(call, Packet.connectError(nsp, "the namespace " + nsp + " is still being disconnected on this connection:"
        + " connect again", null));
  }

  /** Waits before a CONNECT's next look, longer each time, never past the call's deadline; false when out of time. */
  private boolean pause(Call call, int look) {
    long ms = CONNECT_WAIT_MS << (look - 1);
    if (parts.clock.getAsLong() + ms >= call.deadline()) {
      return false;
    }
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** What {@link #connect} did. */
  private enum Connected {
    /** Answered: connected, refused by a middleware, or nothing to answer (the connection closed). */
    DONE,
    /** Nothing done: a restored session's owner differs from the one the middlewares found. */
    OTHER_OWNER,
    /** Nothing done: the namespace has a socket on the connection (a parallel CONNECT, or one still disconnecting). */
    SOCKET_EXISTS
  }

  /** Connects a socket, fresh or restored by connection state recovery. */
  private Connected connect(Call call, String nsp, Namespace ns, ConnectionRecord conn, ObjectNode auth, long now,
      long receivedAt, Recovery.Restored restored) {
    Recovery recovery = parts.recovery;
    String pid = recovery == null ? null : restored != null ? restored.pid() : Recovery.newPid();
    String sid = restored != null ? restored.session().sid() : Ids.next();
    Set<String> rooms = restored != null ? restored.session().rooms() : Set.of(sid);
    String restoredData = restored != null ? restored.session().dataJson() : "{}";
    StoredHandshake stored = parts.io.storedHandshake();
    // only the declared auth keys reach the row: the token is checked now, never stored
    SocketRecord pendingRecord = new SocketRecord(call.connectionId(), nsp, sid, Json.write(stored.auth(auth)),
        restoredData, rooms, now, pid == null ? null : Recovery.hash(pid));
    Socket socket = new Socket(call, pendingRecord, Sockets.handshake(conn, auth), Sockets.dataOf(pendingRecord));
    boolean skipMiddlewares = restored != null && recovery.options().skipMiddlewares();
    for (Listeners.Middleware m : skipMiddlewares ? List.<Listeners.Middleware>of() : ns.middlewares()) {
      try {
        m.check(socket);
      } catch (ConnectError e) {
        reply(call, Packet.connectError(nsp, e.getMessage() == null ? "not authorized" : e.getMessage(), e.data()));
        return Connected.DONE;
      } catch (RuntimeException e) {
        parts.io.reportError(ErrorSite.of(ErrorSite.Kind.MIDDLEWARE), socket, e);
        reply(call, Packet.connectError(nsp, "server error", null));
        return Connected.DONE;
      }
    }
    if (restored != null && !skipMiddlewares && !recovery.sameOwner(restoredData, socket.data())) {
      return Connected.OTHER_OWNER;
    }
    SocketRecord record = socket.record().withData(Json.write(socket.data())); // with rooms joined by middlewares
    StateStore.SocketPut put = parts.store.putSocket(record, receivedAt);
    if (put == StateStore.SocketPut.SOCKET_EXISTS) {
      return Connected.SOCKET_EXISTS;
    }
    if (put == StateStore.SocketPut.CONNECTION_GONE) {
      return Connected.DONE; // the connection closed meanwhile ($disconnect raced this CONNECT): nothing to answer
    }
    if (conn.connectDeadline() > 0) {
      clearConnectDeadline(conn, stored, now);
    }
    Socket connected = new Socket(call, record, socket.handshake(), socket.data());
    reply(call, pid == null ? Packet.connected(nsp, sid) : Packet.connected(nsp, sid, pid));
    if (restored != null) {
      call.outbox().add(restored.missedFrames()); // before anything new: the client emits them in this order
      connected.markRecovered();
    }
    for (Listeners.ConnectionListener l : ns.connectionListeners()) {
      try {
        l.onConnection(connected);
      } catch (Exception e) {
        parts.io.reportError(ErrorSite.of(ErrorSite.Kind.CONNECTION_LISTENER), connected, e);
      }
    }
    parts.sockets().saveData(connected, record.dataJson());
    return Connected.DONE;
  }

  /**
   * The first CONNECT: the connection row keeps only the headers and query parameters declared to
   * outlive it, the until-CONNECT ones go, and the next due time is set (one write; a later
   * namespace's CONNECT sees the kept ones). The write holds only while no ping was sent since the
   * row was read; after one, the row is read again and the write retried with that ping's due time.
   */
  private void clearConnectDeadline(ConnectionRecord read, StoredHandshake stored, long now) {
    ConnectionRecord c = read;
    for (int attempt = 1; attempt <= CONNECT_WRITE_ATTEMPTS; attempt++) {
      if (parts.store.clearConnectDeadline(c.connectionId(), c.lastPingAt(), nextDueAfterConnect(c, now),
          parts.config.pingInterval(), stored.headers(c.headers()), stored.query(c.query()))) {
        return;
      }
      Optional<ConnectionRecord> again = parts.store.getConnection(c.connectionId());
      if (again.isEmpty() || again.get().connectDeadline() == 0) {
        return; // gone, or another namespace's CONNECT cleared it
      }
      c = again.get();
    }
    parts.io.reportError(ErrorSite.of(ErrorSite.Kind.MESSAGE), null, new IllegalStateException("the CONNECT of "
        + c.connectionId() + " lost its write to " + CONNECT_WRITE_ATTEMPTS + " pings: its connect deadline stays"));
  }

  /** When the heartbeat looks at a connection next, once its first CONNECT came. */
  private long nextDueAfterConnect(ConnectionRecord c, long now) {
    EngineConfig config = parts.config;
    if (c.lastPingAt() == 0) {
      return Math.max(now, c.connectedAt() + config.pingInterval());
    }
    // a ping's next due time may have been cut to the connect deadline: give the client its whole interval
    return Math.max(c.dueAt(), c.lastPingAt() + config.pingInterval());
  }

  /** A client's DISCONNECT: ends the socket, unless a CONNECT received at or after it made it or was answered with it. */
  private void onDisconnect(Call call, Packet packet, long receivedAt) {
    Optional<SocketRecord> claimed = parts.store.claimSocket(call.connectionId(), packet.namespace(), Ids.next(),
        receivedAt);
    if (claimed.isEmpty() && parts.seam.awaitMove(call.connectionId(), parts.delivery)) {
      claimed = parts.store.claimSocket(call.connectionId(), packet.namespace(), Ids.next(), receivedAt);
    }
    claimed.ifPresent(record -> {
      parts.store.deleteSocket(record);
      parts.connections().runDisconnectListeners(call, record, "client namespace disconnect");
    });
  }

  private void onEvent(Call call, Packet packet) {
    Optional<SocketRecord> found = parts.store.getSocket(call.connectionId(), packet.namespace());
    if (found.isEmpty() && parts.seam.awaitMove(call.connectionId(), parts.delivery)) {
      found = parts.store.getSocket(call.connectionId(), packet.namespace()); // an event that overtook its upgrade's move
    }
    if (found.isEmpty() || packet.data() == null) {
      return; // like the reference server: packets for a namespace the client has not joined are ignored
    }
    Namespace ns = parts.io.resolve(packet.namespace());
    if (ns == null) {
      return;
    }
    Socket socket = parts.sockets().socketOf(call, found.get());
    String event = packet.eventName();
    List<JsonNode> args = packet.args();
    ClientAck ack = new ClientAck(parts.acks(), call, found.get(), packet.id());
    Listeners.EventHandler handler = ns.handler(event);
    parts.io.notifyTaps(t -> t.eventReceived(packet.namespace(), socket.id(), event, args));
    try {
      for (Listeners.CatchAllListener l : ns.catchAll()) {
        l.handle(socket, event, args, ack);
      }
      if (handler != null) {
        handler.handle(socket, args, ack);
      } else if (ns.catchAll().isEmpty() && ack.requested()) {
        ack.sendError("unknown event '" + event + "'");
      }
    } catch (EventError e) {
      ack.sendError(e.getMessage(), e.data());
    } catch (Exception e) {
      parts.io.reportError(ErrorSite.event(event), socket, e);
      ack.sendError("internal server error");
    }
    parts.sockets().saveData(socket, found.get().dataJson());
  }
}
