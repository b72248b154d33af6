package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.fanout.Recipients;
import dev.socketiolambda.functions.polling.PollingIds;
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
    return parseData(record.dataJson());
  }

  List<Socket> fetch(Call call, BroadcastOperator.Target target) {
    return fetch(parts.store, target, r -> socketOf(call, r));
  }

  /** Counts a target's sockets: by the store when it can (one room or the namespace), else by its members. */
  static int count(StateStore store, BroadcastOperator.Target t) {
    return count(store, t, "");
  }

  /** How many of a target's sockets are on long-polling sessions. */
  static int countPolling(StateStore store, BroadcastOperator.Target t) {
    return count(store, t, PollingIds.connectionId(""));
  }

  private static int count(StateStore store, BroadcastOperator.Target t, String connectionIdPrefix) {
    if (t.except().isEmpty() && t.excludedConnection() == null && t.rooms().size() <= 1) {
      return store.countMembers(t.namespace(), t.rooms().isEmpty() ? "" : t.rooms().iterator().next(),
          connectionIdPrefix);
    }
    return (int) Recipients.resolve(store, t.namespace(), t.rooms(), t.except(), t.excludedConnection()).stream()
        .filter(id -> id.startsWith(connectionIdPrefix)).count();
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

  /**
   * Writes {@code socket.data} back when a listener changed it, without losing a change another
   * invocation of the same connection saved meanwhile: a conditional write on the value read; when
   * it changed, this listener's changes (the top-level keys it set or removed) are applied to the
   * stored value and written again. Two invocations changing the same key: the later save wins.
   */
  void saveData(Socket socket, String before) {
    String after = Json.write(socket.data());
    if (after.equals(before)) {
      return;
    }
    ObjectNode base = parseData(before);
    ObjectNode mine = socket.data();
    String expected = before;
    String next = after;
    for (int attempt = 0; attempt < MAX_DATA_WRITES; attempt++) {
      StateStore.DataWrite w = parts.store.replaceSocketData(socket.connectionId(), socket.namespace(), expected, next);
      if (w.written()) {
        updated(socket, next);
        return;
      }
      if (w.current().isEmpty()) {
        return; // the socket is gone
      }
      expected = w.current().get();
      next = Json.write(rebase(base, mine, parseData(expected)));
      if (next.equals(expected)) {
        updated(socket, next);
        return; // the stored value already holds these changes
      }
    }
    throw new dev.socketiolambda.functions.store.StoreException("socket.data of " + socket
        + " kept changing under " + MAX_DATA_WRITES + " attempts to save it");
  }

  private static final int MAX_DATA_WRITES = 16;

  /** Tells the taps the value now stored. */
  private void updated(Socket socket, String storedJson) {
    ObjectNode data = parseData(storedJson);
    parts.io.notifyTaps(t -> t.socketUpdated(socket.namespace(), socket.id(), data));
  }

  private static ObjectNode parseData(String json) {
    JsonNode n = json == null || json.isEmpty() ? Json.object() : Json.parse(json);
    return n.isObject() ? (ObjectNode) n : Json.object();
  }

  /** {@code theirs} plus the top-level keys {@code mine} set, changed or removed relative to {@code base}. */
  static ObjectNode rebase(ObjectNode base, ObjectNode mine, ObjectNode theirs) {
    ObjectNode out = theirs.deepCopy();
    mine.fields().forEachRemaining(e -> {
      if (!e.getValue().equals(base.get(e.getKey()))) {
        out.set(e.getKey(), e.getValue());
      }
    });
    base.fieldNames().forEachRemaining(k -> {
      if (!mine.has(k)) {
        out.remove(k);
      }
    });
    return out;
  }
}
