package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.Outbox;
import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.protocol.socketio.Packet;
import java.util.List;
import java.util.Set;

/**
 * One invocation of the engine: a {@code $default} frame (with the outbox of its connection) or a
 * call without one (heartbeat, {@code $disconnect}, code outside socket listeners), with the
 * deadline its sends must keep.
 */
final class Call implements Invocation {
  private final Parts parts;
  private final Outbox outbox;
  private final long deadline;

  /** @param outbox the frames for the connection being served, or null when no connection is */
  Call(Parts parts, Outbox outbox, long deadline) {
    this.parts = parts;
    this.outbox = outbox;
    this.deadline = deadline;
  }

  /** The outbox when it still takes frames for that connection, else null. */
  Outbox outboxFor(String connectionId) {
    return outbox != null && outbox.accepts(connectionId) ? outbox : null;
  }

  Outbox outbox() {
    return outbox;
  }

  String connectionId() {
    return outbox == null ? null : outbox.connectionId();
  }

  long deadline() {
    return deadline;
  }

  @Override
  public void emit(SocketRecord to, Packet packet, boolean volatileEmit) {
    parts.outbound().emit(this, to.connectionId(), packet, volatileEmit);
  }

  @Override
  public BroadcastResult broadcast(BroadcastRequest request) {
    return parts.outbound().broadcast(this, request);
  }

  @Override
  public int countSockets(BroadcastOperator.Target target) {
    return Sockets.count(parts.store(), target);
  }

  @Override
  public int countPollingSockets(BroadcastOperator.Target target) {
    return Sockets.countPolling(parts.store(), target);
  }

  @Override
  public void emitWithAck(SocketRecord to, AckRequest request) {
    parts.acks().emitWithAck(this, to, request);
  }

  @Override
  public List<Socket> fetchSockets(BroadcastOperator.Target target) {
    return parts.sockets().fetch(this, target);
  }

  @Override
  public void join(SocketRecord socket, Set<String> rooms) {
    parts.store().join(socket, rooms);
  }

  @Override
  public void leave(SocketRecord socket, Set<String> rooms) {
    parts.store().leave(socket, rooms);
  }

  @Override
  public void disconnect(SocketRecord socket, boolean close) {
    parts.connections().disconnectSocket(this, socket, close, "server namespace disconnect");
  }

  @Override
  public Recovery recovery() {
    return parts.recovery;
  }

  @Override
  public void tap(java.util.function.Consumer<ServerTap> event) {
    parts.io.notifyTaps(event);
  }

  @Override
  public long now() {
    return parts.clock.getAsLong();
  }
}
