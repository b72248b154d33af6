package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.fanout.Broadcaster;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.List;
import java.util.Set;

/**
 * The invocation of an {@link Emitter}: no connection is served, so every frame goes through the
 * broadcaster; one socket is reached through its own room (its sid).
 */
final class EmitterCall implements Invocation {
  /** How long the client has to answer an ack asked from outside the engine. */
  private static final long ACK_TIMEOUT_MS = 30_000;

  private final Broadcaster broadcaster;
  private final StateStore store;
  private final Recovery recovery;

  private final SocketIoServer io;

  /** @param io whose taps see this emitter's emits and room changes, or null */
  EmitterCall(Broadcaster broadcaster, StateStore store, Recovery recovery, SocketIoServer io) {
    this.broadcaster = broadcaster;
    this.store = store;
    this.recovery = recovery;
    this.io = io;
  }

  StateStore store() {
    return store;
  }

  /** Tells the taps, then that this operation, an invocation of its own, ended. */
  @Override
  public void tap(java.util.function.Consumer<ServerTap> event) {
    if (io != null) {
      io.notifyTaps(event);
      io.notifyTaps(ServerTap::invocationEnded);
    }
  }

  @Override
  public Recovery recovery() {
    return recovery;
  }

  @Override
  public long now() {
    return System.currentTimeMillis();
  }

  @Override
  public void emit(SocketRecord to, Packet packet, boolean volatileEmit) {
    toSocket(to, SocketIoEncoder.encode(packet).engineFrames(), volatileEmit);
  }

  private void toSocket(SocketRecord to, List<String> frames, boolean volatileEmit) {
    broadcaster.broadcast(new BroadcastRequest(to.namespace(), Set.of(to.sid()), Set.of(), null, frames,
        volatileEmit, null));
  }

  @Override
  public BroadcastResult broadcast(BroadcastRequest request) {
    return broadcaster.broadcast(request);
  }

  @Override
  public void emitWithAck(SocketRecord to, AckRequest request) {
    if (request.handler() == null) {
      throw new IllegalArgumentException("emitWithAck needs onReply(handle) from Namespace.onAckReply");
    }
    long id = Acks.register(store, System.currentTimeMillis(), ACK_TIMEOUT_MS, to, request);
    emit(to, Packet.event(to.namespace(), request.event(), request.args(), id), false);
  }

  @Override
  public List<Socket> fetchSockets(BroadcastOperator.Target target) {
    return Sockets.fetch(store, target, r -> new Socket(this, r, () -> Sockets.handshakeOf(store, r),
        Sockets.dataOf(r)));
  }

  @Override
  public int countSockets(BroadcastOperator.Target target) {
    return Sockets.count(store, target);
  }

  @Override
  public int countPollingSockets(BroadcastOperator.Target target) {
    return Sockets.countPolling(store, target);
  }

  @Override
  public void join(SocketRecord socket, Set<String> rooms) {
    store.join(socket, rooms);
  }

  @Override
  public void leave(SocketRecord socket, Set<String> rooms) {
    store.leave(socket, rooms);
  }

  /** Tells the client first (the socket's room must still exist), then removes the rows. */
  @Override
  public void disconnect(SocketRecord socket, boolean close) {
    if (close) {
      toSocket(socket, List.of(EngineIo.encode(EnginePacket.close())), true);
      store.deleteConnection(socket.connectionId());
    } else {
      emit(socket, Packet.disconnect(socket.namespace()), false);
      store.claimSocket(socket.connectionId(), socket.namespace(), Ids.next()).ifPresent(store::deleteSocket);
    }
  }
}
