package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.server.Listeners.AckReplyHandler;
import dev.socketiolambda.functions.server.Listeners.CatchAllListener;
import dev.socketiolambda.functions.server.Listeners.ConnectionListener;
import dev.socketiolambda.functions.server.Listeners.DisconnectListener;
import dev.socketiolambda.functions.server.Listeners.EventHandler;
import dev.socketiolambda.functions.server.Listeners.Middleware;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A namespace, as {@code io.of("/chat")}: middlewares, connection and event listeners, and the
 * broadcast operations of its sockets. A namespace made from a pattern ({@code io.of(Pattern)})
 * holds the listeners; each concrete name it matches shares them.
 *
 * <p>Listeners are registered once, when the function starts, and run in whichever invocation
 * the matching frame arrives: register event handlers on the namespace, not inside
 * {@code onConnection}.
 */
public final class Namespace {
  private final SocketIoServer server;
  private final String name;
  private final Pattern pattern;
  private final Namespace parent;
  private final List<Middleware> middlewares;
  private final List<ConnectionListener> connectionListeners;
  private final Map<String, EventHandler> handlers;
  private final List<CatchAllListener> catchAll;
  private final List<DisconnectListener> disconnectListeners;
  private final Map<String, AckReplyHandler> ackHandlers;
  private volatile Listeners.RequestErrorMapper requestErrors = Requests.DEFAULT_ERRORS;
  private final List<Listeners.RequestMiddleware> requestMiddlewares = new CopyOnWriteArrayList<>();

  Namespace(SocketIoServer server, String name, Pattern pattern) {
    this(server, name, pattern, null);
  }

  private Namespace(SocketIoServer server, String name, Pattern pattern, Namespace parent) {
    this.server = server;
    this.name = name;
    this.pattern = pattern;
    this.parent = parent;
    if (parent == null) {
      middlewares = new CopyOnWriteArrayList<>();
      connectionListeners = new CopyOnWriteArrayList<>();
      handlers = new ConcurrentHashMap<>();
      catchAll = new CopyOnWriteArrayList<>();
      disconnectListeners = new CopyOnWriteArrayList<>();
      ackHandlers = new ConcurrentHashMap<>();
    } else {
      middlewares = parent.middlewares;
      connectionListeners = parent.connectionListeners;
      handlers = parent.handlers;
      catchAll = parent.catchAll;
      disconnectListeners = parent.disconnectListeners;
      ackHandlers = parent.ackHandlers;
    }
  }

  /** A concrete namespace of a pattern namespace: same listeners, its own name. */
  Namespace child(String concreteName) {
    return new Namespace(server, concreteName, null, this);
  }

  /** The name ({@code "/chat"}); for a pattern namespace, the pattern's text. */
  public String name() {
    return name;
  }

  boolean isPattern() {
    return pattern != null && parent == null;
  }

  boolean matches(String nsp) {
    return pattern != null && pattern.matcher(nsp).matches();
  }

  /** Adds a connection middleware; it runs for every CONNECT before the socket joins. */
  public Namespace use(Middleware middleware) {
    middlewares.add(Objects.requireNonNull(middleware));
    return this;
  }

  /** Runs when a socket has joined (after the CONNECT reply was queued). */
  public Namespace onConnection(ConnectionListener listener) {
    connectionListeners.add(Objects.requireNonNull(listener));
    return this;
  }

  /** Handles an event by name. One handler per event; a second registration replaces the first. */
  public Namespace on(String event, EventHandler handler) {
    Objects.requireNonNull(event, "event");
    if (dev.socketiolambda.protocol.socketio.Packet.RESERVED_EVENTS.contains(event)) {
      throw new IllegalArgumentException("'" + event + "' is reserved: use onConnection/onDisconnect");
    }
    handlers.put(event, Objects.requireNonNull(handler));
    return this;
  }

  /**
   * A request/reply listener, as {@code socket.on("event", (args, callback) => callback(reply))}:
   * what the handler returns is the ack's argument (null: no reply); an {@link EventError} (or any
   * failure) becomes an ack error through {@link #onRequestError}.
   */
  public Namespace onRequest(String event, Listeners.RequestHandler<List<JsonNode>> handler) {
    return onRequest(event, ArgDecoders.raw(), handler);
  }

  /** A request whose first argument is decoded into a record (Jackson); bad input is an ack error. */
  public <T> Namespace onRequest(String event, Class<T> type, Listeners.RequestHandler<T> handler) {
    return onRequest(event, ArgDecoders.firstAs(type), handler);
  }

  /** A request whose arguments are decoded by the application's decoder. */
  public <T> Namespace onRequest(String event, Listeners.ArgDecoder<T> decoder, Listeners.RequestHandler<T> handler) {
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(handler, "handler");
    return on(event, (socket, args, ack) -> Requests.run(server, requestErrors, socket, event, ack, () -> {
      for (Listeners.RequestMiddleware m : requestMiddlewares) {
        m.before(socket, event, ack);
      }
      return handler.reply(socket, decoder.decode(args));
    }));
  }

  /**
   * Runs {@code middleware} before every request handler of this namespace ({@link #onRequest}),
   * in registration order, whenever it was registered: authorization, expiry and rate-limit checks
   * that every request shares. A failure answers the request through {@link #onRequestError}.
   */
  public Namespace useRequest(Listeners.RequestMiddleware middleware) {
    requestMiddlewares.add(Objects.requireNonNull(middleware, "middleware"));
    return this;
  }

  /**
   * How failed requests of this namespace answer. The default: {@link EventError} as
   * {@code {"error":{"message","data"}}}; anything else is reported to {@code onError} and answered
   * {@code {"error":{"message":"internal server error"}}}.
   */
  public Namespace onRequestError(Listeners.RequestErrorMapper mapper) {
    this.requestErrors = Objects.requireNonNull(mapper, "mapper");
    return this;
  }

  /** Sees every event, before its own handler. */
  public Namespace onAny(CatchAllListener listener) {
    catchAll.add(Objects.requireNonNull(listener));
    return this;
  }

  /** Runs when a socket leaves the namespace or its connection ends. */
  public Namespace onDisconnect(DisconnectListener listener) {
    disconnectListeners.add(Objects.requireNonNull(listener));
    return this;
  }

  /** Registers the handler a server-to-client ack names ({@link AckRequest#onReply}). */
  public AckHandle onAckReply(String handlerName, AckReplyHandler handler) {
    if (ackHandlers.putIfAbsent(Objects.requireNonNull(handlerName), Objects.requireNonNull(handler)) != null) {
      throw new IllegalArgumentException("an ack reply handler named '" + handlerName + "' is already registered on "
          + name);
    }
    return new AckHandle(name, handlerName);
  }

  // ---- broadcast operations, as io.of(nsp).to(...)

  public BroadcastOperator to(String... rooms) {
    return operator().to(rooms);
  }

  public BroadcastOperator in(String... rooms) {
    return operator().in(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return operator().except(rooms);
  }

  /** Emits to every socket of the namespace. */
  public void emit(String event, Object... args) {
    operator().emit(event, args);
  }

  public void socketsJoin(String... rooms) {
    operator().socketsJoin(rooms);
  }

  public void socketsLeave(String... rooms) {
    operator().socketsLeave(rooms);
  }

  public void disconnectSockets(boolean close) {
    operator().disconnectSockets(close);
  }

  public List<Socket> fetchSockets() {
    return operator().fetchSockets();
  }

  private BroadcastOperator operator() {
    if (isPattern()) {
      throw new IllegalStateException("broadcast on a concrete namespace: io.of(\"/name\"), not on the pattern " + name);
    }
    return new BroadcastOperator(server.detached(), name);
  }

  List<Middleware> middlewares() {
    return middlewares;
  }

  List<ConnectionListener> connectionListeners() {
    return connectionListeners;
  }

  EventHandler handler(String event) {
    return handlers.get(event);
  }

  List<CatchAllListener> catchAll() {
    return catchAll;
  }

  List<DisconnectListener> disconnectListeners() {
    return disconnectListeners;
  }

  AckReplyHandler ackHandler(String handlerName) {
    return ackHandlers.get(handlerName);
  }
}
