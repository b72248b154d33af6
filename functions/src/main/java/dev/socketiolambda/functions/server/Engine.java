package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.delivery.GoneHandler;
import dev.socketiolambda.functions.delivery.MessageTooLargeException;
import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.delivery.RetryPolicy;
import dev.socketiolambda.functions.delivery.SizeLimits;
import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.Broadcaster;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.fanout.Recipients;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueItem;
import dev.socketiolambda.functions.store.PendingAck;
import dev.socketiolambda.functions.store.PendingBinary;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.store.StoreException;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.engineio.OpenPacket;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.BinaryReassembly;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.PacketType;
import dev.socketiolambda.protocol.socketio.SocketIoDecoder;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The Socket.IO server logic behind the Lambda handlers: what happens on {@code $connect}, the
 * open step, every {@code $default} frame, {@code $disconnect} and each heartbeat tick. Knows
 * nothing about Lambda; state lives in a {@link StateStore}, every frame leaves through {@link Delivery}.
 */
public final class Engine {
  /** The Engine.IO noop: the harmless answer when a frame needs no reply. */
  public static final String NOOP = Delivery.NOOP;
  /** How long an invocation's retries may go on when the caller gives no remaining time. */
  static final long DEFAULT_BUDGET_MS = 10_000;

  private final SocketIoServer io;
  private final StateStore store;
  private final GatewayProvider gateways;
  private final EngineConfig config;
  private final LongSupplier clock;
  private final String defaultEndpoint;
  private final SocketIoDecoder decoder = SocketIoDecoder.standard();
  private final Broadcaster broadcaster;
  private final Delivery delivery;
  /** Endpoints of connections whose row was read lately: posts need no second read. */
  private final Map<String, String> endpoints = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 1_024;
    }
  };

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
    this.io = io;
    this.store = store;
    this.gateways = gateways;
    this.config = config;
    this.clock = clock;
    this.defaultEndpoint = defaultEndpoint;
    GoneHandler gone = connectionId -> removeConnection(connectionId, "transport close");
    java.util.function.Consumer<Throwable> errors = e -> io.reportError("broadcast", null, e);
    RetryPolicy retry = RetryPolicy.DEFAULT.withAttempts(config.postAttempts());
    this.delivery = new Delivery(new GatewayTransport(this::gatewayFor, null), retry, SizeLimits.API_GATEWAY, gone,
        clock);
    if (broadcasters != null) {
      this.broadcaster = broadcasters.create(gone, errors);
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(config.fanoutConcurrency(), daemonThreads());
      this.broadcaster = new FanOut(store, new Delivery(new GatewayTransport(this::gatewayFor, pool), retry,
          SizeLimits.API_GATEWAY, gone, clock), FanOutSettings.DEFAULT.withConcurrency(config.fanoutConcurrency()),
          null, errors);
    }
    io.attach(this);
  }

  /** Builds the broadcaster an engine uses. */
  @FunctionalInterface
  public interface BroadcasterFactory {
    Broadcaster create(GoneHandler gone, java.util.function.Consumer<Throwable> errors);
  }

  public EngineConfig config() {
    return config;
  }

  StateStore store() {
    return store;
  }

  // ------------------------------------------------------------------ $connect and the open step

  /** Stores a new connection. Nothing can be sent to it until {@code $connect} has returned. */
  public void onConnect(ConnectRequest r) {
    long deadline = r.at() + config.connectTimeout();
    long firstDue = Math.min(deadline, r.at() + config.pingInterval());
    store.putConnection(new ConnectionRecord(r.connectionId(), Ids.next(), r.endpoint(), r.at(), r.sourceIp(),
        r.headers(), r.query(), 0, 0, deadline, firstDue));
    remember(r.connectionId(), r.endpoint());
  }

  /**
   * Sends the open packet. A 410 right after {@code $connect} means the connection is not
   * established yet: retried with short backoff for {@link EngineConfig#openRetryMs()}.
   *
   * @return true when the open packet was delivered
   */
  public boolean onOpen(String connectionId) {
    Optional<ConnectionRecord> found = store.getConnection(connectionId);
    if (found.isEmpty()) {
      return false;
    }
    ConnectionRecord c = found.get();
    remember(connectionId, c.endpoint());
    String frame = OpenPacket.of(c.eioSid(), config.pingInterval(), config.pingTimeout(), config.maxPayload())
        .toFrame();
    Outcome o = delivery.open(connectionId, frame, config.openRetryMs());
    if (o.status() == Outcome.Status.FAILED || o.status() == Outcome.Status.TOO_LARGE) {
      io.reportError("open", null, o.cause());
    } else if (o.status() == Outcome.Status.GONE && !(o.cause() instanceof ConnectionGoneException)) {
      io.reportError("open", null, o.cause()); // the cleanup failed
    }
    return o.delivered();
  }

  // ------------------------------------------------------------------ $default

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
    Invocation inv = new Invocation(delivery.outbox(connectionId), delivery.deadlineIn(remainingMs));
    inv.enter();
    try {
      handleFrame(inv, frame);
    } catch (Throwable t) {
      io.reportError("message", null, t);
    } finally {
      inv.exit();
    }
    return flush(inv);
  }

  private String flush(Invocation inv) {
    try {
      Delivery.Response r = delivery.respond(inv.outbox, config.routeResponses(), inv.deadline);
      Outcome o = r.posted();
      if (!o.delivered() && !(o.cause() instanceof ConnectionGoneException)) {
        io.reportError("reply", null, o.cause()); // onMessage must not throw, even when the store fails
      }
      return r.routeResponse();
    } catch (RuntimeException e) {
      io.reportError("reply", null, e);
      return NOOP;
    }
  }

  private void handleFrame(Invocation inv, String frame) {
    if (frame == null || frame.isEmpty()) {
      return;
    }
    if (SizeLimits.utf8Length(frame) > config.maxPayload()) {
      closeTransport(inv, true, "transport error");
      return;
    }
    EnginePacket p;
    try {
      p = EngineIo.decode(frame);
    } catch (ProtocolException e) {
      closeTransport(inv, true, "parse error");
      return;
    }
    switch (p.type()) {
      case PONG -> {
        long now = clock.getAsLong();
        store.recordPong(inv.connectionId(), now, now + config.pingInterval());
      }
      case PING -> inv.outbox.add(List.of(EngineIo.encode(EnginePacket.pong(p.text()))));
      case CLOSE -> closeTransport(inv, false, "transport close");
      case MESSAGE -> {
        if (p.isBinary()) {
          onAttachment(inv, p.binary());
        } else {
          onSocketIoText(inv, p.text() == null ? "" : p.text());
        }
      }
      default -> {
        // open, upgrade, noop from a client: nothing to do
      }
    }
  }

  private void onSocketIoText(Invocation inv, String text) {
    Packet packet;
    try {
      packet = decoder.decode(text);
    } catch (ProtocolException e) {
      closeTransport(inv, true, "parse error");
      return;
    }
    if (packet.type().isBinary()) {
      store.putPendingBinary(inv.connectionId(), new PendingBinary(text, List.of()));
      return;
    }
    dispatch(inv, packet);
  }

  private void onAttachment(Invocation inv, byte[] bytes) {
    Optional<PendingBinary> pending = store.getPendingBinary(inv.connectionId());
    if (pending.isEmpty()) {
      closeTransport(inv, true, "parse error"); // binary data without a binary header
      return;
    }
    BinaryReassembly r;
    try {
      r = BinaryReassembly.resume(decoder.decode(pending.get().headerText()), pending.get().attachments()).add(bytes);
    } catch (ProtocolException e) {
      store.deletePendingBinary(inv.connectionId());
      closeTransport(inv, true, "parse error");
      return;
    }
    if (!r.isComplete()) {
      store.putPendingBinary(inv.connectionId(), new PendingBinary(pending.get().headerText(), r.received()));
      return;
    }
    store.deletePendingBinary(inv.connectionId());
    dispatch(inv, r.assemble());
  }

  private void dispatch(Invocation inv, Packet packet) {
    switch (packet.type()) {
      case CONNECT -> onConnectPacket(inv, packet);
      case DISCONNECT -> onDisconnectPacket(inv, packet);
      case EVENT -> onEventPacket(inv, packet);
      case ACK -> onAckPacket(inv, packet);
      default -> {
        // CONNECT_ERROR from a client means nothing to a server
      }
    }
  }

  // ------------------------------------------------------------------ namespace CONNECT / DISCONNECT

  private void onConnectPacket(Invocation inv, Packet packet) {
    String nsp = packet.namespace();
    Optional<ConnectionRecord> conn = store.getConnection(inv.connectionId());
    if (conn.isEmpty()) {
      return;
    }
    Namespace ns = io.resolve(nsp);
    if (ns == null) {
      send(inv, Packet.connectError(nsp, "Invalid namespace", null));
      return;
    }
    Optional<SocketRecord> existing = store.getSocket(inv.connectionId(), nsp);
    if (existing.isPresent()) {
      send(inv, Packet.connected(nsp, existing.get().sid()));
      return;
    }
    ObjectNode auth = packet.data() != null && packet.data().isObject() ? (ObjectNode) packet.data() : Json.object();
    long now = clock.getAsLong();
    String sid = Ids.next();
    SocketRecord pendingRecord =
        new SocketRecord(inv.connectionId(), nsp, sid, Json.write(auth), "{}", Set.of(sid), now);
    Socket socket = new Socket(this, pendingRecord, handshake(conn.get(), auth), Json.object());
    for (Listeners.Middleware m : ns.middlewares()) {
      try {
        m.check(socket);
      } catch (ConnectError e) {
        send(inv, Packet.connectError(nsp, e.getMessage() == null ? "not authorized" : e.getMessage(), e.data()));
        return;
      } catch (RuntimeException e) {
        io.reportError("middleware", socket, e);
        send(inv, Packet.connectError(nsp, "server error", null));
        return;
      }
    }
    SocketRecord record = socket.record().withData(Json.write(socket.data())); // with rooms joined by middlewares
    store.putSocket(record);
    ConnectionRecord c = conn.get();
    if (c.connectDeadline() > 0) {
      store.clearConnectDeadline(inv.connectionId(),
          c.lastPingAt() == 0 ? Math.max(now, c.connectedAt() + config.pingInterval())
              // a ping's due time may have been cut to the deadline: give the client its whole pingTimeout
              : Math.max(c.dueAt(), c.lastPingAt() + config.pingTimeout()));
    }
    Socket connected = new Socket(this, record, socket.handshake(), socket.data());
    send(inv, Packet.connected(nsp, sid));
    for (Listeners.ConnectionListener l : ns.connectionListeners()) {
      try {
        l.onConnection(connected);
      } catch (Exception e) {
        io.reportError("connection listener", connected, e);
      }
    }
    saveData(connected, record.dataJson());
  }

  private Handshake handshake(ConnectionRecord c, ObjectNode auth) {
    return new Handshake(c.headers(), c.query(), auth, c.sourceIp(), Instant.ofEpochMilli(c.connectedAt()).toString(),
        c.connectedAt());
  }

  private void onDisconnectPacket(Invocation inv, Packet packet) {
    store.getSocket(inv.connectionId(), packet.namespace()).ifPresent(record -> {
      store.deleteSocket(record);
      runDisconnectListeners(record, "client namespace disconnect");
    });
  }

  // ------------------------------------------------------------------ events and acks

  private void onEventPacket(Invocation inv, Packet packet) {
    Optional<SocketRecord> found = store.getSocket(inv.connectionId(), packet.namespace());
    if (found.isEmpty() || packet.data() == null) {
      return; // like the reference server: packets for a namespace the client has not joined are ignored
    }
    Namespace ns = io.resolve(packet.namespace());
    if (ns == null) {
      return;
    }
    Socket socket = socketOf(found.get());
    String event = packet.eventName();
    List<JsonNode> args = packet.args();
    ClientAck ack = new ClientAck(this, found.get(), packet.id());
    Listeners.EventHandler handler = ns.handler(event);
    try {
      for (Listeners.CatchAllListener l : ns.catchAll()) {
        l.handle(socket, event, args, ack);
      }
      if (handler != null) {
        handler.handle(socket, args, ack);
      } else if (ns.catchAll().isEmpty() && ack.requested()) {
        ack.sendError("unknown event '" + event + "'");
      }
    } catch (EventError e) {
      ack.sendError(e.getMessage(), e.data());
    } catch (Exception e) {
      io.reportError("event '" + event + "'", socket, e);
      ack.sendError("internal server error");
    }
    saveData(socket, found.get().dataJson());
  }

  private void onAckPacket(Invocation inv, Packet packet) {
    if (!packet.hasId()) {
      return;
    }
    Optional<PendingAck> pending = store.takeAck(inv.connectionId(), packet.id());
    if (pending.isEmpty()) {
      return; // unknown or already timed out
    }
    deliverAckReply(pending.get(), new AckReply(false, packet.args(), parseContext(pending.get())));
  }

  private void deliverAckReply(PendingAck ack, AckReply reply) {
    Namespace ns = io.resolve(ack.namespace());
    Listeners.AckReplyHandler handler = ns == null ? null : ns.ackHandler(ack.handler());
    Optional<SocketRecord> record = store.getSocket(ack.connectionId(), ack.namespace());
    if (handler == null || record.isEmpty()) {
      return;
    }
    Socket socket = socketOf(record.get());
    try {
      handler.onReply(socket, reply);
    } catch (Exception e) {
      io.reportError("ack reply '" + ack.handler() + "'", socket, e);
    }
    saveData(socket, record.get().dataJson());
  }

  private static JsonNode parseContext(PendingAck ack) {
    return ack.contextJson() == null || ack.contextJson().isEmpty() ? Json.nodes().nullNode()
        : Json.parse(ack.contextJson());
  }

  /** Sends an ack; one too large is refused (the app gets the error) and the client gets an ack error instead. */
  void sendAck(SocketRecord record, long id, List<JsonNode> args) {
    try {
      emitTo(record, Packet.ack(record.namespace(), id, args), false);
    } catch (MessageTooLargeException e) {
      emitTo(record, Packet.ack(record.namespace(), id,
          List.of(Json.object().set("error", Json.object().put("message", e.getMessage())))), false);
      throw e;
    }
  }

  void emitWithAck(SocketRecord record, AckRequest request) {
    if (request.handler() == null) {
      throw new IllegalArgumentException("emitWithAck needs onReply(handlerName) registered with Namespace.onAckReply");
    }
    long timeout = request.timeout() == null ? config.defaultAckTimeout() : request.timeout().toMillis();
    String context = request.context() == null ? "" : Json.write(request.context());
    long id;
    for (int attempt = 0; ; attempt++) {
      id = Ids.nextAckId();
      try {
        store.putAck(new PendingAck(record.connectionId(), id, record.namespace(), record.sid(), request.handler(),
            context, clock.getAsLong() + timeout));
        break;
      } catch (RuntimeException e) {
        if (attempt >= 3) {
          throw e;
        }
      }
    }
    emitTo(record, Packet.event(record.namespace(), request.event(), request.args(), id), false);
  }

  // ------------------------------------------------------------------ emitting

  /** Sends a packet to one socket: into the route response when it is this invocation's connection. */
  void emitTo(SocketRecord record, Packet packet, boolean volatileEmit) {
    List<String> frames = SocketIoEncoder.encode(packet).engineFrames();
    Invocation inv = Invocation.forConnection(record.connectionId());
    if (inv != null) {
      inv.outbox.add(frames);
      return;
    }
    delivery.limits().check(frames); // an oversized emit fails where the app made it
    deliver(record.connectionId(), frames, volatileEmit);
  }

  private void send(Invocation inv, Packet packet) {
    inv.outbox.add(SocketIoEncoder.encode(packet).engineFrames());
  }

  /** Sends a packet to every socket a target reaches. Every broadcast path goes through here. */
  void broadcast(BroadcastOperator.Target target, Packet packet, boolean volatileEmit) {
    List<String> frames = SocketIoEncoder.encode(packet).engineFrames();
    broadcaster.broadcast(new BroadcastRequest(target.namespace(), target.rooms(), target.except(),
        target.excludedConnection(), frames, volatileEmit, null), Engine::intoRouteResponse);
  }

  /** Frames for the connection of the current invocation go into its route response instead of a post. */
  private static boolean intoRouteResponse(String connectionId, List<String> frames) {
    Invocation inv = Invocation.forConnection(connectionId);
    if (inv == null) {
      return false;
    }
    inv.outbox.add(frames);
    return true;
  }

  List<Socket> fetchSockets(BroadcastOperator.Target target) {
    List<Socket> out = new ArrayList<>();
    for (String connectionId : Recipients.resolve(store, target.namespace(), target.rooms(), target.except(),
        target.excludedConnection())) {
      store.getSocket(connectionId, target.namespace()).ifPresent(r -> out.add(socketOf(r)));
    }
    return out;
  }

  private void deliver(String connectionId, List<String> frames, boolean volatileEmit) {
    Invocation inv = Invocation.current();
    long deadline = inv != null ? inv.deadline : delivery.deadlineIn(DEFAULT_BUDGET_MS);
    Outcome o = delivery.send(connectionId, frames, volatileEmit, deadline);
    if (!o.delivered() && !volatileEmit && !(o.cause() instanceof ConnectionGoneException)) {
      io.reportError("delivery to " + connectionId, null, o.cause());
    }
  }

  private Gateway gatewayFor(String connectionId) {
    if (defaultEndpoint != null) {
      return gateways.forEndpoint(defaultEndpoint);
    }
    String endpoint;
    synchronized (endpoints) {
      endpoint = endpoints.get(connectionId);
    }
    if (endpoint == null) {
      endpoint = store.getConnection(connectionId).map(ConnectionRecord::endpoint)
          .orElseThrow(() -> new ConnectionGoneException(connectionId, null));
      remember(connectionId, endpoint);
    }
    return gateways.forEndpoint(endpoint);
  }

  private void remember(String connectionId, String endpoint) {
    if (defaultEndpoint == null && endpoint != null) {
      synchronized (endpoints) {
        endpoints.put(connectionId, endpoint);
      }
    }
  }

  // ------------------------------------------------------------------ disconnects

  void disconnectSocket(SocketRecord record, boolean close, String reason) {
    if (close) {
      Invocation inv = Invocation.forConnection(record.connectionId());
      closeConnection(record.connectionId(), inv, true, "server namespace disconnect");
      return;
    }
    // the row goes first: when the DISCONNECT finds the connection gone, removeConnection then runs
    // the listeners of the other sockets only, and this socket's run once, below
    store.deleteSocket(record);
    emitTo(record, Packet.disconnect(record.namespace()), false);
    runDisconnectListeners(record, reason);
  }

  private void closeTransport(Invocation inv, boolean notify, String reason) {
    closeConnection(inv.connectionId(), inv, notify, reason);
  }

  /** Ends a connection: optionally tells the client (Engine.IO close), closes it, runs listeners, removes its rows. */
  private void closeConnection(String connectionId, Invocation inv, boolean notify, String reason) {
    List<String> pending = inv != null ? inv.outbox.close() : List.of();
    List<String> last = new ArrayList<>();
    if (notify) {
      last.addAll(pending);
      last.add(EngineIo.encode(EnginePacket.close()));
    }
    try {
      delivery.close(connectionId, last);
    } catch (RuntimeException e) {
      // already gone or unreachable: the rows are removed below either way
    }
    removeConnection(connectionId, reason);
  }

  /** Removes all rows of the connection, then runs disconnect listeners for every socket it had. */
  private void removeConnection(String connectionId, String reason) {
    // the sockets are read with their handshake before the rows go, so listeners still see query and headers
    List<Socket> sockets = new ArrayList<>();
    try {
      for (SocketRecord s : store.socketsOf(connectionId)) {
        Namespace ns = io.resolve(s.namespace());
        if (ns != null && !ns.disconnectListeners().isEmpty()) {
          Socket socket = socketOf(s);
          socket.handshake(); // read now: the connection row goes below
          sockets.add(socket);
        }
      }
    } catch (StoreException e) {
      // the rows are removed below either way
    }
    store.deleteConnection(connectionId);
    for (Socket s : sockets) {
      runDisconnectListeners(s, reason);
    }
  }

  /** {@code $disconnect}: best effort; TTL and 410 handling sweep what it misses. */
  public void onDisconnect(String connectionId) {
    try {
      removeConnection(connectionId, "transport close");
    } catch (RuntimeException e) {
      io.reportError("disconnect", null, e);
    }
  }

  private void runDisconnectListeners(SocketRecord record, String reason) {
    Namespace ns = io.resolve(record.namespace());
    if (ns == null || ns.disconnectListeners().isEmpty()) {
      return;
    }
    runDisconnectListeners(socketOf(record), reason);
  }

  private void runDisconnectListeners(Socket socket, String reason) {
    Namespace ns = io.resolve(socket.namespace());
    if (ns == null) {
      return;
    }
    for (Listeners.DisconnectListener l : ns.disconnectListeners()) {
      try {
        l.onDisconnect(socket, reason);
      } catch (Exception e) {
        io.reportError("disconnect listener", socket, e);
      }
    }
  }

  // ------------------------------------------------------------------ heartbeat

  /** One scheduled tick: pings due connections, removes those that stopped answering, expires acks. */
  public HeartbeatReport onHeartbeat() {
    long now = clock.getAsLong();
    int pinged = 0;
    int timedOut = 0;
    int connectTimeouts = 0;
    int acksExpired = 0;
    int gone = 0;
    int failed = 0;
    Set<String> seen = new HashSet<>();
    long tickEnd = delivery.deadlineIn(DEFAULT_BUDGET_MS);
    for (DueItem item : store.due(now)) {
      try {
        if (item.isAck()) {
          Optional<PendingAck> ack = store.takeAck(item.connectionId(), item.ackId());
          if (ack.isPresent()) {
            acksExpired++;
            deliverAckReply(ack.get(), new AckReply(true, List.of(), parseContext(ack.get())));
          }
          continue;
        }
        if (!seen.add(item.connectionId())) {
          continue;
        }
        Optional<ConnectionRecord> found = store.getConnection(item.connectionId());
        if (found.isEmpty() || found.get().dueAt() > now) {
          continue; // the index lags the table: not due after all
        }
        ConnectionRecord c = found.get();
        if (c.connectDeadline() > 0 && now >= c.connectDeadline()) {
          connectTimeouts++;
          closeConnection(c.connectionId(), null, false, "connect timeout");
        } else if (c.lastPingAt() > c.lastPongAt()) {
          timedOut++;
          closeConnection(c.connectionId(), null, false, "ping timeout");
        } else {
          remember(c.connectionId(), c.endpoint());
          Outcome o = delivery.send(c.connectionId(), List.of(EngineIo.encode(EnginePacket.ping())), false, tickEnd);
          if (o.delivered()) {
            long nextDue = now + config.pingTimeout();
            if (c.connectDeadline() > 0) {
              nextDue = Math.min(nextDue, c.connectDeadline());
            }
            store.recordPing(c.connectionId(), now, nextDue);
            pinged++;
          } else if (o.status() == Outcome.Status.GONE) {
            gone++;
          } else {
            throw new IllegalStateException("ping to " + c.connectionId() + " failed", o.cause());
          }
        }
      } catch (RuntimeException e) {
        failed++;
        io.reportError("heartbeat", null, e);
      }
    }
    return new HeartbeatReport(pinged, timedOut, connectTimeouts, acksExpired, gone, failed);
  }

  // ------------------------------------------------------------------ helpers

  Socket socketOf(SocketRecord record) {
    JsonNode data = record.dataJson() == null || record.dataJson().isEmpty() ? Json.object()
        : Json.parse(record.dataJson());
    return new Socket(this, record, () -> handshakeOf(record), data.isObject() ? (ObjectNode) data : Json.object());
  }

  /** The handshake of a socket: its CONNECT auth plus the connection row's request data (one read). */
  private Handshake handshakeOf(SocketRecord record) {
    ObjectNode auth = record.authJson() == null || record.authJson().isEmpty() ? Json.object()
        : (ObjectNode) Json.parse(record.authJson());
    ConnectionRecord c = store.getConnection(record.connectionId()).orElse(null);
    return c == null
        ? new Handshake(Map.of(), Map.of(), auth, null, Instant.ofEpochMilli(record.connectedAt()).toString(),
            record.connectedAt())
        : handshake(c, auth);
  }


  private void saveData(Socket socket, String before) {
    String after = Json.write(socket.data());
    if (!after.equals(before)) {
      store.updateSocketData(socket.connectionId(), socket.namespace(), after);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "socketio-fanout-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
