package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
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

  Connections(Parts parts, Endpoints endpoints) {
    this.parts = parts;
    this.endpoints = endpoints;
  }

  void onConnect(ConnectRequest r) {
    long deadline = r.at() + parts.config.connectTimeout();
    long firstDue = Math.min(deadline, r.at() + parts.config.pingInterval());
    parts.store.putConnection(new ConnectionRecord(r.connectionId(), Ids.next(), r.endpoint(), r.at(), r.sourceIp(),
        r.headers(), r.query(), 0, 0, deadline, firstDue));
    endpoints.remember(r.connectionId(), r.endpoint());
  }

  boolean onOpen(String connectionId) {
    Optional<ConnectionRecord> found = parts.store.getConnection(connectionId);
    if (found.isEmpty()) {
      return false;
    }
    ConnectionRecord c = found.get();
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
    // the row goes first: when the DISCONNECT finds the connection gone, remove then runs
    // the listeners of the other sockets only, and this socket's run once, below
    parts.store.deleteSocket(record);
    call.emit(record, Packet.disconnect(record.namespace()), false);
    runDisconnectListeners(call, record, reason);
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

  /** Removes all rows of the connection, then runs disconnect listeners for every socket it had. */
  void remove(Call call, String connectionId, String reason) {
    // the sockets are read with their handshake before the rows go, so listeners still see query and headers
    List<Socket> sockets = new ArrayList<>();
    try {
      for (SocketRecord s : parts.store.socketsOf(connectionId)) {
        keepSession(s, reason);
        Namespace ns = parts.io.resolve(s.namespace());
        if (ns != null && !ns.disconnectListeners().isEmpty()) {
          Socket socket = parts.sockets().socketOf(call, s);
          socket.handshake(); // read now: the connection row goes below
          sockets.add(socket);
        }
      }
    } catch (StoreException e) {
      // the rows are removed below either way
    }
    parts.store.deleteConnection(connectionId);
    for (Socket s : sockets) {
      runDisconnectListeners(s, reason);
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
