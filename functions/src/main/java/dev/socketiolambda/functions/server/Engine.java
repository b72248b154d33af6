package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.DaemonThreads;
import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.delivery.GoneHandler;
import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.delivery.RetryPolicy;
import dev.socketiolambda.functions.delivery.SizeLimits;
import dev.socketiolambda.functions.fanout.Broadcaster;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.observability.Traffic;
import dev.socketiolambda.functions.polling.PollingIds;
import dev.socketiolambda.functions.recovery.InMemoryRecoveryStore;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.functions.recovery.RecoveryOptions;
import dev.socketiolambda.functions.recovery.RecoveryStore;
import dev.socketiolambda.functions.store.StateStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The Socket.IO server logic behind the Lambda handlers: what happens on {@code $connect}, the
 * open step, every {@code $default} frame, {@code $disconnect} and each heartbeat tick. Knows
 * nothing about Lambda; state lives in a {@link StateStore}, every frame leaves through
 * {@link Delivery}. The work is done by its parts: {@link Connections} (lifecycle),
 * {@link FrameIntake} (decoding, binary reassembly), {@link Dispatch} (namespaces), {@link Acks},
 * {@link Heartbeat}, {@link Outbound}; each invocation is a {@link Call} passed to them explicitly.
 */
public final class Engine {
  /** The Engine.IO noop: the harmless answer when a frame needs no reply. */
  public static final String NOOP = Delivery.NOOP;
  /** How long an invocation's retries may go on when the caller gives no remaining time. */
  public static final long DEFAULT_BUDGET_MS = 10_000;

  private final SocketIoServer io;
  private final EngineConfig config;
  private final Parts parts;
  private final Connections connections;
  private final FrameIntake intake;
  private final Heartbeat heartbeat;

  /**
   * An engine whose broadcasts go through a {@link FanOut} over the blocking gateway on a
   * fixed pool ({@link EngineConfig#fanoutConcurrency()} threads).
   *
   * @param defaultEndpoint management endpoint for broadcasts to connections whose endpoint is not at hand
   *     (every connection of one API shares it); may be null when each connection's own is used
   */
  public Engine(SocketIoServer io, StateStore store, GatewayProvider gateways, EngineConfig config,
      LongSupplier clock, String defaultEndpoint) {
    this(io, store, gateways, config, clock, defaultEndpoint, null);
  }

  /**
   * @param broadcasters builds the broadcaster from the engine's handling of gone connections and
   *     errors; null for the default blocking fan-out
   */
  public Engine(SocketIoServer io, StateStore store, GatewayProvider gateways, EngineConfig config,
      LongSupplier clock, String defaultEndpoint, BroadcasterFactory broadcasters) {
    this(io, store, gateways, config, clock, defaultEndpoint, broadcasters, TransportSeam.NONE,
        new InMemoryRecoveryStore());
  }

  /**
   * @param seam a second transport (long-polling) whose sessions' frames it routes; {@link TransportSeam#NONE}
   *     for WebSocket only
   */
  public Engine(SocketIoServer io, StateStore store, GatewayProvider gateways, EngineConfig config,
      LongSupplier clock, String defaultEndpoint, BroadcasterFactory broadcasters, TransportSeam seam) {
    this(io, store, gateways, config, clock, defaultEndpoint, broadcasters, seam, new InMemoryRecoveryStore());
  }

  /**
   * @param recoveryStore where connection state recovery keeps its log and sessions when the
   *     application turns it on ({@link SocketIoServer#connectionStateRecovery(RecoveryOptions)})
   */
  public Engine(SocketIoServer io, StateStore store, GatewayProvider gateways, EngineConfig config,
      LongSupplier clock, String defaultEndpoint, BroadcasterFactory broadcasters, RecoveryStore recoveryStore) {
    this(io, store, gateways, config, clock, defaultEndpoint, broadcasters, TransportSeam.NONE, recoveryStore);
  }

  /** With both a second transport and a recovery store. */
  public Engine(SocketIoServer io, StateStore store, GatewayProvider gateways, EngineConfig config,
      LongSupplier clock, String defaultEndpoint, BroadcasterFactory broadcasters, TransportSeam seam,
      RecoveryStore recoveryStore) {
    this.io = io;
    this.config = config;
    Endpoints endpoints = new Endpoints(gateways, defaultEndpoint, store);
    GoneHandler gone = this::removeGone;
    Consumer<Throwable> errors = e -> io.reportError(ErrorSite.of(ErrorSite.Kind.BROADCAST), null, e);
    RetryPolicy retry = RetryPolicy.DEFAULT.withAttempts(config.postAttempts());
    Delivery delivery = new Delivery(seam.route(new GatewayTransport(endpoints::gatewayFor, null)), retry,
        SizeLimits.API_GATEWAY, gone, clock);
    Broadcaster broadcaster;
    if (broadcasters != null) {
      broadcaster = broadcasters.create(gone, errors);
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(config.fanoutConcurrency(),
          DaemonThreads.named("socketio-fanout"));
      broadcaster = new FanOut(store, new Delivery(seam.route(new GatewayTransport(endpoints::gatewayFor, pool)), retry,
          SizeLimits.API_GATEWAY, gone, clock), FanOutSettings.DEFAULT.withConcurrency(config.fanoutConcurrency()),
          null, errors);
    }
    RecoveryOptions recovery = io.connectionStateRecovery();
    this.parts = new Parts(io, store, config, clock, delivery, seam,
        recovery == null ? null : new Recovery(recovery, recoveryStore));
    this.connections = new Connections(parts, endpoints);
    parts.wire(new Outbound(parts, broadcaster), new Acks(parts), new Sockets(parts), connections, new Dispatch(parts));
    this.intake = new FrameIntake(parts);
    this.heartbeat = new Heartbeat(parts, endpoints);
    io.attach(this);
  }

  /** Builds the broadcaster an engine uses. */
  @FunctionalInterface
  public interface BroadcasterFactory {
    Broadcaster create(GoneHandler gone, Consumer<Throwable> errors);
  }

  StateStore store() {
    return parts.store;
  }

  public EngineConfig config() {
    return config;
  }

  /** A connection the transport reported gone (410): its rows go, its sockets' disconnect listeners run. */
  private void removeGone(String connectionId) {
    connections.remove(parts.detached(), connectionId, "transport close");
  }

  /** A call serving no connection, for namespace-level operations outside socket listeners. */
  Call detached() {
    return parts.detached();
  }

  /** Stores a new connection. Nothing can be sent to it until {@code $connect} has returned. */
  public void onConnect(ConnectRequest r) {
    try {
      connections.onConnect(r);
      Meter.runtime().count(Metric.CONNECTIONS);
      Traffic.runtime().connected();
    } finally {
      ended();
    }
  }

  /** Tells the taps the invocation ends ({@link ServerTap#invocationEnded}). */
  private void ended() {
    io.notifyTaps(ServerTap::invocationEnded);
  }

  /**
   * Which of these connections are still here ({@link SocketIoServer#connected}). A polling session
   * that upgraded counts as here while the WebSocket connection it moved to is (its sockets, rooms and
   * data live there now): one more read per missing polling id, one batch for where they moved.
   */
  java.util.Set<String> connected(java.util.Collection<String> connectionIds) {
    java.util.Set<String> here = new java.util.LinkedHashSet<>(parts.store.existingConnections(connectionIds));
    java.util.Map<String, String> askedByMovedTo = new java.util.LinkedHashMap<>();
    for (String id : connectionIds) {
      String movedTo = here.contains(id) ? null : parts.seam.movedTo(id);
      if (movedTo != null) {
        askedByMovedTo.put(movedTo, id);
      }
    }
    if (!askedByMovedTo.isEmpty()) {
      parts.store.existingConnections(askedByMovedTo.keySet()).forEach(to -> here.add(askedByMovedTo.get(to)));
    }
    return here;
  }

  /**
   * Sends the open packet. A 410 right after {@code $connect} means the connection is not
   * established yet: retried with short backoff for {@link EngineConfig#openRetryMs()}.
   *
   * @return true when the open packet was delivered
   */
  public boolean onOpen(String connectionId) {
    try {
      return connections.onOpen(connectionId);
    } finally {
      ended();
    }
  }

  /**
   * Handles one client frame and returns the frame for the route response: never null, never
   * empty, {@value #NOOP} when there is nothing to say. Never throws.
   */
  public String onMessage(String connectionId, String frame) {
    return onMessage(connectionId, frame, DEFAULT_BUDGET_MS);
  }

  /**
   * {@link #onMessage(String, String)} within a time budget: retries of this invocation's sends stop
   * {@code remainingMs} from now (pass the Lambda context's remaining time minus a safety margin).
   */
  public String onMessage(String connectionId, String frame, long remainingMs) {
    return onMessage(connectionId, frame, remainingMs, parts.clock.getAsLong());
  }

  /**
   * {@link #onMessage(String, String, long)} for a frame API Gateway received at {@code receivedAt}
   * (the event's {@code requestTimeEpoch}): the order of a binary packet's parts when invocations of
   * one connection run in parallel.
   */
  public String onMessage(String connectionId, String frame, long remainingMs, long receivedAt) {
    Call call = new Call(parts, parts.delivery.outbox(connectionId), parts.delivery.deadlineIn(remainingMs));
    Meter.runtime().count(Metric.FRAMES_IN);
    try {
      Traffic.runtime().received(frame);
      intake.handle(call, frame, receivedAt);
    } catch (Throwable t) {
      io.reportError(ErrorSite.of(ErrorSite.Kind.MESSAGE), null, t);
    }
    try {
      // a polling session has no route response: its frames all go to its queue
      boolean routeResponses = config.routeResponses() && !PollingIds.isPolling(connectionId);
      Delivery.Response r = parts.delivery.respond(call.outbox(), routeResponses, call.deadline());
      Outcome o = r.posted();
      if (!o.delivered() && !(o.cause() instanceof ConnectionGoneException)) {
        io.reportError(ErrorSite.of(ErrorSite.Kind.REPLY), null, o.cause()); // onMessage must not throw, even when the store fails
      }
      return r.routeResponse();
    } catch (RuntimeException e) {
      io.reportError(ErrorSite.of(ErrorSite.Kind.REPLY), null, e);
      return NOOP;
    } finally {
      ended();
    }
  }

  /** Closes a connection from the server side (a polling session's transport error or ping timeout). */
  public void close(String connectionId, String reason) {
    try {
      connections.close(parts.detached(), connectionId, false, reason);
    } catch (RuntimeException e) {
      io.reportError(ErrorSite.of(ErrorSite.Kind.DISCONNECT), null, e);
    } finally {
      ended();
    }
  }

  /** {@code $disconnect}: best effort; TTL and 410 handling sweep what it misses. */
  public void onDisconnect(String connectionId) {
    try {
      connections.remove(parts.detached(), connectionId, "transport close");
    } catch (RuntimeException e) {
      io.reportError(ErrorSite.of(ErrorSite.Kind.DISCONNECT), null, e);
    } finally {
      ended();
    }
  }

  /** One scheduled tick: pings due connections, removes those that stopped answering, expires acks. */
  public HeartbeatReport onHeartbeat() {
    return counted(heartbeat::tick);
  }

  /** A tick that starts no connection after {@code budgetMs} (the function's remaining time less a margin). */
  public HeartbeatReport onHeartbeat(long budgetMs) {
    return counted(() -> heartbeat.tick(budgetMs));
  }

  private HeartbeatReport counted(java.util.function.Supplier<HeartbeatReport> tick) {
    try {
      HeartbeatReport r = tick.get();
      Meter.runtime().add(Metric.HEARTBEAT_PINGS, r.pinged());
      Meter.runtime().add(Metric.HEARTBEAT_TIMEOUTS, r.timedOut() + r.connectTimeouts());
      return r;
    } finally {
      ended();
    }
  }

  /**
   * The sockets connected to each namespace the application declared (a dynamic namespace's children
   * are not listed): one {@code Select COUNT} query of each namespace's member rows.
   */
  public java.util.Map<String, Integer> socketsPerNamespace() {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    for (String namespace : io.declaredNamespaces()) {
      out.put(namespace, parts.store.countMembers(namespace, ""));
    }
    return out;
  }

}
