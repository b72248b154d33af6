package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.fanout.Recipients;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns socket rows into {@link Socket}s bound to a call, and saves what listeners changed in {@code data}. */
final class Sockets {
  private final Parts parts;

  Sockets(Parts parts) {
    this.parts = parts;
  }

  Socket socketOf(Call call, SocketRecord record) {
    return new Socket(call, record, () -> handshakeOf(record), dataOf(record));
  }

  /** A socket's {@code data} as stored. */
  static ObjectNode dataOf(SocketRecord record) {
    JsonNode data = record.dataJson() == null || record.dataJson().isEmpty() ? Json.object()
        : Json.parse(record.dataJson());
    return data.isObject() ? (ObjectNode) data : Json.object();
  }

  List<Socket> fetch(Call call, BroadcastOperator.Target target) {
    return fetch(parts.store, target, r -> socketOf(call, r));
  }

  /** Counts a target's sockets: by the store when it can (one room or the namespace), else by its members. */
  static int count(StateStore store, BroadcastOperator.Target t) {
    if (t.except().isEmpty() && t.excludedConnection() == null && t.rooms().size() <= 1) {
      return store.countMembers(t.namespace(), t.rooms().isEmpty() ? "" : t.rooms().iterator().next());
    }
    return Recipients.resolve(store, t.namespace(), t.rooms(), t.except(), t.excludedConnection()).size();
  }

  /** The sockets a target reaches, read from the store, bound to a call. */
  static List<Socket> fetch(StateStore store, BroadcastOperator.Target target,
      java.util.function.Function<SocketRecord, Socket> bind) {
    List<Socket> out = new ArrayList<>();
    for (String connectionId : Recipients.resolve(store, target.namespace(), target.rooms(), target.except(),
        target.excludedConnection())) {
      store.getSocket(connectionId, target.namespace()).ifPresent(r -> out.add(bind.apply(r)));
    }
    return out;
  }

  static Handshake handshake(ConnectionRecord c, ObjectNode auth) {
    return new Handshake(c.headers(), c.query(), auth, c.sourceIp(), Instant.ofEpochMilli(c.connectedAt()).toString(),
        c.connectedAt());
  }

  Handshake handshakeOf(SocketRecord record) {
    return handshakeOf(parts.store, record);
  }

  /** The handshake of a socket: its CONNECT auth plus the connection row's request data (one read). */
  static Handshake handshakeOf(StateStore store, SocketRecord record) {
    ObjectNode auth = record.authJson() == null || record.authJson().isEmpty() ? Json.object()
        : (ObjectNode) Json.parse(record.authJson());
    ConnectionRecord c = store.getConnection(record.connectionId()).orElse(null);
    return c == null
        ? new Handshake(Map.of(), Map.of(), auth, null, Instant.ofEpochMilli(record.connectedAt()).toString(),
            record.connectedAt())
        : handshake(c, auth);
  }

  /** Writes {@code socket.data} back when a listener changed it. */
  void saveData(Socket socket, String before) {
    String after = Json.write(socket.data());
    if (!after.equals(before)) {
      parts.store.updateSocketData(socket.connectionId(), socket.namespace(), after);
    }
  }
}
