package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.observability.Traffic;
import dev.socketiolambda.functions.polling.PollingIds;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StoreException;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.engineio.OpenPacket;
import dev.socketiolambda.protocol.socketio.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The connection lifecycle: {@code $connect}, the open packet, closes, namespace disconnects, cleanup. */
final class Connections {
  private final Parts parts;
  private final Endpoints endpoints;
  private final NotStoredLog notStored = new NotStoredLog(System.err::println);

  Connections(Parts parts, Endpoints endpoints) {
    this.parts = parts;
    this.endpoints = endpoints;
  }

  void onConnect(ConnectRequest r) {
    List<String> upgrading = r.query().get("sid");
    if (upgrading != null && !upgrading.isEmpty()) {
      parts.seam.acceptsUpgrade(upgrading.get(0), r.connectionId()); // one WebSocket claims the upgrade
    }
    // a polling session's connection id carries its Engine.IO sid
    String eioSid = PollingIds.isPolling(r.connectionId()) ? PollingIds.sid(r.connectionId()) : Ids.next();
    long deadline = r.at() + parts.config.connectTimeout();
    long firstDue = Math.min(deadline, r.at() + parts.config.pingInterval());
    // only what middlewares may read: no credential header nor undeclared query parameter is written
    StoredHandshake stored = parts.io.storedHandshake();
    notStored.note(stored.notStored(r.headers(), r.query()));
    parts.store.putConnection(new ConnectionRecord(r.connectionId(), eioSid, r.endpoint(), r.at(), r.sourceIp(),
        stored.headersUntilConnect(r.headers()), stored.queryUntilConnect(r.query()), 0, 0, deadline, firstDue));
    endpoints.remember(r.connectionId(), r.endpoint());
  }

  boolean onOpen(String connectionId) {
    Optional<ConnectionRecord> found = parts.store.getConnection(connectionId);
    if (found.isEmpty()) {
      return false;
    }
    ConnectionRecord c = found.get();
    List<String> sid = c.query().get("sid");
    if (sid != null) {
      // the WebSocket of an upgrade: its session was opened over polling, the probe follows; any
      // other WebSocket with that sid (unknown, upgraded, claimed) is closed, as the reference server does
      if (sid.isEmpty() || !parts.seam.isUpgrading(sid.get(0), connectionId)) {
        close(parts.detached(), connectionId, false, "transport error");
      }
      return true;
    }
    endpoints.remember(connectionId, c.endpoint());
    EngineConfig config = parts.config;
    String frame = OpenPacket.of(c.eioSid(), config.pingInterval(), config.pingTimeout(), config.maxPayload())
        .toFrame();
    Outcome o = parts.delivery.open(connectionId, frame, config.openRetryMs());
    if (o.status() == Outcome.Status.FAILED || o.status() == Outcome.Status.TOO_LARGE
        || (o.status() == Outcome.Status.GONE && !(o.cause() instanceof ConnectionGoneException))) {
      parts.io.reportError(ErrorSite.of(ErrorSite.Kind.OPEN), null, o.cause()); // a failed cleanup included
    }
    return o.delivered();
  }

  void disconnectSocket(Call call, SocketRecord record, boolean close, String reason) {
    if (close) {
      close(call, record.connectionId(), true, reason);
      return;
    }
    Optional<SocketRecord> claimed = parts.store.claimSocket(record.connectionId(), record.namespace(), Ids.next());
    if (claimed.isEmpty()) {
      return; // gone already, or another invocation is disconnecting it and runs its listeners
    }
    parts.store.deleteSocket(claimed.get());
    call.emit(record, Packet.disconnect(record.namespace()), false);
    runDisconnectListeners(call, claimed.get(), reason);
  }

  /** Ends a connection: optionally tells the client (Engine.IO close), closes it, runs listeners, removes its rows. */
  void close(Call call, String connectionId, boolean notify, String reason) {
    List<String> last = new ArrayList<>();
    if (call.outboxFor(connectionId) != null) {
      List<String> pending = call.outbox().close();
      if (notify) {
        last.addAll(pending);
      }
    }
    if (notify) {
      last.add(EngineIo.encode(EnginePacket.close()));
    }
    try {
      parts.delivery.close(connectionId, last);
    } catch (RuntimeException e) {
      // already gone or unreachable: the rows are removed below either way
    }
    remove(call, connectionId, reason);
  }

  /**
   * Removes all rows of the connection and runs the disconnect listeners of every socket it had,
   * each exactly once however many invocations remove it at the same time ({@code $disconnect}, a
   * 410, the heartbeat): the connection is marked closing (no new socket), each socket is claimed
   * (the claimer runs its listeners), then the rows go, the connection row last. A socket another
   * invocation claimed stays for that one to delete (its claim may be a retry still to come, after
   * an answer DynamoDB lost), and so does the connection row. When DynamoDB fails part-way, or a
   * socket stays, the listeners still run and the connection row stays in the heartbeat's index,
   * whose next visit removes the rest.
   */
  void remove(Call call, String connectionId, String reason) {
    String claim = Ids.next();
    List<Socket> sockets = new ArrayList<>();
    RuntimeException failure = null;
    try {
      parts.store.markClosing(connectionId);
      for (SocketRecord s : parts.store.socketsOf(connectionId)) {
        Optional<SocketRecord> claimed = parts.store.claimSocket(connectionId, s.namespace(), claim);
        claimed.ifPresent(c -> keepSession(c, reason)); // only the claimer keeps the session
        Namespace ns = parts.io.resolve(s.namespace());
        if (claimed.isPresent() && ns != null && !ns.disconnectListeners().isEmpty()) {
          Socket socket = parts.sockets().socketOf(call, claimed.get());
          sockets.add(socket); // claimed: its listeners run even if the read below fails (no one can claim it again)
          socket.handshake(); // read now: the connection row goes below
        }
      }
      parts.store.deleteConnection(connectionId, claim);
      Meter.runtime().count(Metric.DISCONNECTIONS);
      Traffic.runtime().disconnected(reason);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Socket s : sockets) {
      runDisconnectListeners(s, reason);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** With connection state recovery on, a socket gone for a recoverable reason leaves its session (1 write). */
  private void keepSession(SocketRecord socket, String reason) {
    if (parts.recovery == null) {
      return;
    }
    try {
      parts.recovery.saveSession(socket, reason, parts.clock.getAsLong());
    } catch (RuntimeException e) {
      // the socket will not be recovered; its rows are removed below either way
      parts.io.reportError(ErrorSite.of(ErrorSite.Kind.DISCONNECT), null, e);
    }
  }

  void runDisconnectListeners(Call call, SocketRecord record, String reason) {
    Namespace ns = parts.io.resolve(record.namespace());
    if (ns == null || ns.disconnectListeners().isEmpty()) {
      return;
    }
    runDisconnectListeners(parts.sockets().socketOf(call, record), reason);
  }

  private void runDisconnectListeners(Socket socket, String reason) {
    Namespace ns = parts.io.resolve(socket.namespace());
    if (ns == null) {
      return;
    }
    for (Listeners.DisconnectListener l : ns.disconnectListeners()) {
      try {
        l.onDisconnect(socket, reason);
      } catch (Exception e) {
        parts.io.reportError(ErrorSite.of(ErrorSite.Kind.DISCONNECT_LISTENER), socket, e);
      }
    }
  }
}
