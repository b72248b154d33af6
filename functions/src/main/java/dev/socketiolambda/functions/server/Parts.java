package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.functions.store.StateStore;
import java.util.function.LongSupplier;

/** The engine's collaborators, built once by {@link Engine} and shared by its parts. */
final class Parts {
  final SocketIoServer io;
  final StateStore store;
  final EngineConfig config;
  final LongSupplier clock;
  final Delivery delivery;
  final TransportSeam seam;
  /** Connection state recovery, or null when the application did not turn it on. */
  final Recovery recovery;
  private Outbound outbound;
  private Acks acks;
  private Sockets sockets;
  private Connections connections;
  private Dispatch dispatch;

  Parts(SocketIoServer io, StateStore store, EngineConfig config, LongSupplier clock, Delivery delivery,
      TransportSeam seam, Recovery recovery) {
    this.recovery = recovery;
    this.io = io;
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.delivery = delivery;
    this.seam = seam;
  }

  void wire(Outbound outbound, Acks acks, Sockets sockets, Connections connections, Dispatch dispatch) {
    this.outbound = outbound;
    this.acks = acks;
    this.sockets = sockets;
    this.connections = connections;
    this.dispatch = dispatch;
  }

  StateStore store() {
    return store;
  }

  Outbound outbound() {
    return outbound;
  }

  Acks acks() {
    return acks;
  }

  Sockets sockets() {
    return sockets;
  }

  Connections connections() {
    return connections;
  }

  Dispatch dispatch() {
    return dispatch;
  }

  /** A call serving no connection (heartbeat, {@code $disconnect}, code outside socket listeners). */
  Call detached() {
    return new Call(this, null, delivery.deadlineIn(Engine.DEFAULT_BUDGET_MS));
  }
}
