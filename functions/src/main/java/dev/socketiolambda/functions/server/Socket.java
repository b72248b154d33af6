package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.protocol.socketio.Packet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A socket: one client's membership of one namespace, as {@code socket} in Node. A {@code Socket}
 * object lives for one invocation; its state ({@link #data()}, rooms) is kept in the store.
 */
public final class Socket {
  private final Invocation invocation;
  private SocketRecord record;
  private final java.util.function.Supplier<Handshake> handshakeSource;
  private Handshake handshake;
  private final ObjectNode data;
  private boolean recovered;

  Socket(Invocation invocation, SocketRecord record, Handshake handshake, ObjectNode data) {
    this(invocation, record, () -> handshake, data);
  }

  /** A socket whose handshake is read only if a listener asks for it (one store read saved per event). */
  Socket(Invocation invocation, SocketRecord record, java.util.function.Supplier<Handshake> handshake,
      ObjectNode data) {
    this.invocation = invocation;
    this.record = record;
    this.handshakeSource = handshake;
    this.data = data;
  }

  /** The socket id (namespace-specific, not the Engine.IO id). */
  public String id() {
    return record.sid();
  }

  /** The namespace name. */
  public String namespace() {
    return record.namespace();
  }

  /** The API Gateway connection id. */
  public String connectionId() {
    return record.connectionId();
  }

  public Handshake handshake() {
    if (handshake == null) {
      handshake = handshakeSource.get();
    }
    return handshake;
  }

  /** {@code socket.data}: read and change it freely; changes made while handling a frame of this socket are saved. */
  public ObjectNode data() {
    return data;
  }

  /**
   * Whether this socket was recovered by connection state recovery (same id, rooms and data as before
   * its disconnection, missed events replayed), as {@code socket.recovered} in Node.
   */
  public boolean recovered() {
    return recovered;
  }

  Socket markRecovered() {
    this.recovered = true;
    return this;
  }

  /** The rooms the socket is in, its own id included. */
  public Set<String> rooms() {
    return record.rooms();
  }

  SocketRecord record() {
    return record;
  }

  /** Emits to this socket (with connection state recovery on: logged, its offset last). */
  public void emit(String event, Object... args) {
    List<JsonNode> given = Args.of(args);
    List<JsonNode> sent = BroadcastOperator.recoverableArgs(invocation, record.namespace(), record.sid(), event, given);
    invocation.emit(record, Packet.event(record.namespace(), event, sent, null), false);
    invocation.tap(t -> t.eventSent(record.namespace(), record.sid(), event, given));
  }

  /** Emits to this socket, dropped rather than retried when it cannot be delivered at once. */
  public void volatileEmit(String event, Object... args) {
    List<JsonNode> given = Args.of(args);
    invocation.emit(record, Packet.event(record.namespace(), event, given, null), true);
    invocation.tap(t -> t.eventSent(record.namespace(), record.sid(), event, given));
  }

  /** Emits and waits for the client's ack in a later invocation (see {@link AckRequest}). */
  public void emitWithAck(AckRequest request) {
    invocation.emitWithAck(record, request);
  }

  public void join(String... rooms) {
    Set<String> add = new HashSet<>(Arrays.asList(rooms));
    add.removeAll(record.rooms());
    if (add.isEmpty()) {
      return;
    }
    invocation.join(record, add);
    Set<String> next = new HashSet<>(record.rooms());
    next.addAll(add);
    record = record.withRooms(next);
    invocation.tap(t -> t.roomsJoined(namespace(), id(), Set.copyOf(add)));
  }

  public void leave(String... rooms) {
    Set<String> remove = new HashSet<>(Arrays.asList(rooms));
    remove.retainAll(record.rooms());
    remove.remove(record.sid());
    if (remove.isEmpty()) {
      return;
    }
    invocation.leave(record, remove);
    Set<String> next = new HashSet<>(record.rooms());
    next.removeAll(remove);
    record = record.withRooms(next);
    invocation.tap(t -> t.roomsLeft(namespace(), id(), Set.copyOf(remove)));
  }

  /** Broadcast to rooms, without this socket. */
  public BroadcastOperator to(String... rooms) {
    return broadcast().to(rooms);
  }

  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return broadcast().except(rooms);
  }

  /** Broadcast to every other socket of the namespace. */
  public BroadcastOperator broadcast() {
    return new BroadcastOperator(invocation, record.namespace()).excludingSocket(record.connectionId());
  }

  /**
   * The socket's whole namespace, this socket included, as {@code socket.nsp} in Node: frames for
   * this socket's own connection then go into the route response.
   */
  public BroadcastOperator nsp() {
    return new BroadcastOperator(invocation, record.namespace());
  }

  /** Disconnects this socket from its namespace; the connection stays open. */
  public void disconnect() {
    disconnect(false);
  }

  /** Disconnects; with {@code close} the whole connection is closed too. */
  public void disconnect(boolean close) {
    invocation.disconnect(record, close);
  }

  @Override
  public String toString() {
    return "Socket[" + record.namespace() + " " + record.sid() + " on " + record.connectionId() + "]";
  }

  List<String> roomList() {
    return List.copyOf(record.rooms());
  }
}
