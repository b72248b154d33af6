package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.fanout.Broadcaster;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.functions.store.Counters;
import dev.socketiolambda.functions.store.StateStore;
import java.util.List;
import java.util.Objects;

/**
 * Socket.IO's server utilities for code that is not a socket listener (HTTP routes, schedules,
 * stream functions, services), as {@code io} and {@code @socket.io/redis-emitter} offer them in Node:
 * {@code emitter.of("/orders").to("user:42").except("muted").emit("order:updated", order)},
 * {@code emitter.of("/chat").in("room").fetchSockets()}, {@code countSockets()},
 * {@code socketsJoin}, {@code socketsLeave}, {@code disconnectSockets}. Returns the same
 * {@link BroadcastOperator} socket listeners use. The app's listeners do not run here: a
 * disconnect made by an emitter runs no disconnect listener, and acks asked from here are answered
 * to the app's handlers in the {@code $default} function.
 */
public final class Emitter {
  private final EmitterCall call;

  /** An emitter over a broadcaster and the store its recipients are read from. */
  public Emitter(Broadcaster broadcaster, StateStore store) {
    this(broadcaster, store, null);
  }

  /**
   * An emitter whose events are logged for connection state recovery (give the application's
   * {@link Recovery}, or null when it is off): they carry offsets as the engine's broadcasts do.
   */
  public Emitter(Broadcaster broadcaster, StateStore store, Recovery recovery) {
    this(broadcaster, store, recovery, null);
  }

  /**
   * The runtime's emitter: what it does is seen by the server's taps ({@link ServerTap}: the admin
   * UI's events view), and the server's namespaces ({@code io.of(nsp).emit}) work through it where
   * no engine runs.
   *
   * @param io the application's configured server, or null (no taps)
   */
  public Emitter(Broadcaster broadcaster, StateStore store, Recovery recovery, SocketIoServer io) {
    this.call = new EmitterCall(Objects.requireNonNull(broadcaster, "broadcaster"), Objects.requireNonNull(store,
        "store"), recovery, io);
    if (io != null) {
      io.attachOutsideEngine(call);
    }
  }

  /**
   * The state store's counters ({@link Counters#addCounts}), for observers that sum what function
   * instances saw (the admin UI's stats schedule).
   */
  public Counters counters() {
    return call.store();
  }

  /** An emitter over a fan-out engine and its store. */
  public Emitter(FanOut fanOut) {
    this(fanOut, fanOut.store());
  }

  /** Targets a namespace. */
  public BroadcastOperator of(String namespace) {
    return new BroadcastOperator(call, namespace.startsWith("/") ? namespace : "/" + namespace);
  }

  /** Targets rooms of the main namespace. */
  public BroadcastOperator to(String... rooms) {
    return of("/").to(rooms);
  }

  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  /** Every socket of the main namespace but the members of these rooms. */
  public BroadcastOperator except(String... rooms) {
    return of("/").except(rooms);
  }

  /** Emits to every socket of the main namespace. */
  public BroadcastResult emit(String event, Object... args) {
    return of("/").emit(event, args);
  }

  /** The sockets of the main namespace. */
  public List<Socket> fetchSockets() {
    return of("/").fetchSockets();
  }

  /** How many sockets the main namespace has. */
  public int countSockets() {
    return of("/").countSockets();
  }
}
