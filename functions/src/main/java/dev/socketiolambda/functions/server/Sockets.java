package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.fanout.Recipients;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.SocketRecord;
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
    JsonNode data = record.dataJson() == null || record.dataJson().isEmpty() ? Json.object()
        : Json.parse(record.dataJson());
    return new Socket(call, record, () -> handshakeOf(record), data.isObject() ? (ObjectNode) data : Json.object());
  }

  List<Socket> fetch(Call call, BroadcastOperator.Target target) {
    List<Socket> out = new ArrayList<>();
    for (String connectionId : Recipients.resolve(parts.store, target.namespace(), target.rooms(), target.except(),
        target.excludedConnection())) {
      parts.store.getSocket(connectionId, target.namespace()).ifPresent(r -> out.add(socketOf(call, r)));
    }
    return out;
  }

  static Handshake handshake(ConnectionRecord c, ObjectNode auth) {
    return new Handshake(c.headers(), c.query(), auth, c.sourceIp(), Instant.ofEpochMilli(c.connectedAt()).toString(),
        c.connectedAt());
  }

  /** The handshake of a socket: its CONNECT auth plus the connection row's request data (one read). */
  private Handshake handshakeOf(SocketRecord record) {
    ObjectNode auth = record.authJson() == null || record.authJson().isEmpty() ? Json.object()
        : (ObjectNode) Json.parse(record.authJson());
    ConnectionRecord c = parts.store.getConnection(record.connectionId()).orElse(null);
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
