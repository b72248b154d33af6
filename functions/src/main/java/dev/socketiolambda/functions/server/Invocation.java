package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.protocol.socketio.Packet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link Socket}, a {@link BroadcastOperator} and an ack need from the runtime, passed to
 * them explicitly: the invocation they run in. Frames for the invocation's own connection go into
 * its route response; everything else leaves through the delivery component.
 */
interface Invocation {

  /** Sends a packet to one socket. */
  void emit(SocketRecord to, Packet packet, boolean volatileEmit);

  /** Delivers a broadcast to every socket it reaches. */
  BroadcastResult broadcast(BroadcastRequest request);

  /** Emits and records the pending ack; the reply arrives in a later invocation. */
  void emitWithAck(SocketRecord to, AckRequest request);

  /** The sockets a target reaches, read from the store, bound to this invocation. */
  List<Socket> fetchSockets(BroadcastOperator.Target target);

  /** How many sockets a target reaches. */
  int countSockets(BroadcastOperator.Target target);

  /** How many sockets a target reaches that are on long-polling sessions. */
  int countPollingSockets(BroadcastOperator.Target target);

  /** Adds rooms to a socket's membership rows. */
  void join(SocketRecord socket, Set<String> rooms);

  /** Removes rooms from a socket's membership rows. */
  void leave(SocketRecord socket, Set<String> rooms);

  /** Disconnects a socket from its namespace; with {@code close} its whole connection. */
  void disconnect(SocketRecord socket, boolean close);

  /** Connection state recovery (logs events, appends offsets), or null when it is off. */
  Recovery recovery();

  /** Epoch ms now, as the runtime's clock says. */
  long now();

  /** Tells the server's {@link ServerTap}s what was done; invocations outside the engine have none. */
  default void tap(java.util.function.Consumer<ServerTap> event) {}
}
