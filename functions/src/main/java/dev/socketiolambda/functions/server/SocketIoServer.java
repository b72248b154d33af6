package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.recovery.RecoveryOptions;
import dev.socketiolambda.functions.store.Counters;
import dev.socketiolambda.functions.server.Listeners.ConnectionListener;
import dev.socketiolambda.functions.server.Listeners.ErrorHandler;
import dev.socketiolambda.functions.server.Listeners.EventHandler;
import dev.socketiolambda.functions.server.Listeners.Middleware;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The application's view of the server, as {@code io} in Node: namespaces, middlewares, listeners,
 * broadcasts. Configure it once in {@link SocketIoApp#configure}; the runtime runs the listeners in
 * whichever Lambda invocation a frame arrives.
 */
public final class SocketIoServer {
  private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
  private final List<Namespace> patterns = new CopyOnWriteArrayList<>();
  private volatile ErrorHandler errorHandler = (where, socket, error) -> {
    System.err.println("socketio-lambda: error in " + where + ": " + error);
  };
  private volatile Engine engine;
  private volatile EmitterCall outsideEngine;
  private volatile RecoveryOptions recovery;
  private final List<ServerTap> taps = new CopyOnWriteArrayList<>();
  private volatile StoredHandshake storedHandshake = StoredHandshake.defaults();

  public SocketIoServer() {
    namespaces.put("/", new Namespace(this, "/", null));
  }

  /** The namespace of that name, created on first use. */
  public Namespace of(String name) {
    Objects.requireNonNull(name, "name");
    String nsp = name.startsWith("/") ? name : "/" + name;
    Namespace existing = namespaces.get(nsp);
    if (existing != null) {
      return existing;
    }
    for (Namespace p : patterns) {
      if (p.matches(nsp)) {
        return p.child(nsp);
      }
    }
    return namespaces.computeIfAbsent(nsp, n -> new Namespace(this, n, null));
  }

  /** The namespaces declared by name ({@code /} and each {@link #of(String)}), not a pattern's children. */
  public java.util.SortedSet<String> declaredNamespaces() {
    return new java.util.TreeSet<>(namespaces.keySet());
  }

  /** A dynamic namespace: every name the pattern matches fully is accepted and shares these listeners. */
  public Namespace of(Pattern pattern) {
    Namespace ns = new Namespace(this, pattern.pattern(), pattern);
    patterns.add(ns);
    return ns;
  }

  /** The namespace a client's CONNECT names, or null when no static or dynamic namespace accepts it. */
  Namespace resolve(String nsp) {
    Namespace ns = namespaces.get(nsp);
    if (ns != null) {
      return ns;
    }
    for (Namespace p : patterns) {
      if (p.matches(nsp)) {
        return p.child(nsp);
      }
    }
    return null;
  }

  /** Main-namespace middleware, as {@code io.use}. */
  public SocketIoServer use(Middleware middleware) {
    of("/").use(middleware);
    return this;
  }

  /** Main-namespace connection listener, as {@code io.on("connection")}. */
  public SocketIoServer onConnection(ConnectionListener listener) {
    of("/").onConnection(listener);
    return this;
  }

  /** Main-namespace event handler. */
  public SocketIoServer on(String event, EventHandler handler) {
    of("/").on(event, handler);
    return this;
  }

  /**
   * Turns connection state recovery on, as socket.io's {@code connectionStateRecovery} option: a
   * socket that reconnects within the window gets its id, rooms, data and missed events back
   * ({@link Socket#recovered()}). Set it in {@link SocketIoApp#configure}, before the runtime starts.
   */
  public SocketIoServer connectionStateRecovery(RecoveryOptions options) {
    this.recovery = Objects.requireNonNull(options, "options");
    return this;
  }

  /** The connection state recovery option, or null when recovery is off. */
  public RecoveryOptions connectionStateRecovery() {
    return recovery;
  }

  /**
   * Declares which handshake fields are stored: from {@code $connect} to the first CONNECT, for
   * middlewares and connection listeners (ordinary headers plus the declared fields: no credential
   * header nor undeclared query parameter is ever written), and past it (auth keys, query
   * parameters, headers). The CONNECT auth payload is seen whole by middlewares and connection
   * listeners. Default: {@link StoredHandshake#defaults()}. Set it in {@link SocketIoApp#configure}.
   */
  public SocketIoServer storedHandshake(StoredHandshake declared) {
    this.storedHandshake = Objects.requireNonNull(declared, "declared");
    return this;
  }

  /** What of a handshake is stored, until and past the CONNECT. */
  public StoredHandshake storedHandshake() {
    return storedHandshake;
  }

  /**
   * Which of these connection ids ({@link Socket#connectionId()}) are still connected: the
   * authoritative "this connection is gone" answer for state an application keeps per connection
   * (presence). A connection is gone once the runtime removed it — its {@code $disconnect}, a 410
   * from API Gateway on a post, a ping or connect timeout, the heartbeat's sweep of connections left
   * behind — or its rows expired, even when no disconnect listener ran for it (a lost
   * {@code $disconnect}, a listener that failed). One strongly consistent read per 100 ids.
   */
  public Set<String> connected(Collection<String> connectionIds) {
    return engine().connected(connectionIds);
  }

  /** The state store's counters ({@link Counters}), for observers such as the admin UI. */
  public Counters counters() {
    EmitterCall c = outsideEngine;
    return engine == null && c != null ? c.store() : engine().store();
  }

  /** The application's error hook. */
  public SocketIoServer onError(ErrorHandler handler) {
    this.errorHandler = Objects.requireNonNull(handler);
    return this;
  }

  public BroadcastOperator to(String... rooms) {
    return of("/").to(rooms);
  }

  public BroadcastOperator in(String... rooms) {
    return of("/").in(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return of("/").except(rooms);
  }

  /** Emits to every socket of the main namespace. */
  public void emit(String event, Object... args) {
    of("/").emit(event, args);
  }

  /** Adds an observer of room changes and emits made by the engine's invocations (see {@link ServerTap}). */
  public SocketIoServer tap(ServerTap tap) {
    taps.add(Objects.requireNonNull(tap, "tap"));
    return this;
  }

  /** Tells every tap; a failing tap is reported, never thrown into the invocation. */
  void notifyTaps(java.util.function.Consumer<ServerTap> event) {
    for (ServerTap tap : taps) {
      try {
        event.accept(tap);
      } catch (RuntimeException e) {
        reportError(ErrorSite.of(ErrorSite.Kind.TAP), null, e);
      }
    }
  }

  void reportError(ErrorSite where, Socket socket, Throwable error) {
    Meter.runtime().count(Metric.ERRORS);
    try {
      errorHandler.onError(where, socket, error);
    } catch (RuntimeException e) {
      System.err.println("socketio-lambda: error handler failed: " + e);
    }
  }

  void attach(Engine engine) {
    this.engine = engine;
  }

  /**
   * Lets {@code io.of(nsp).emit(...)} work in a function that serves no connection and has only an
   * emitter (stream, HTTP, schedules): namespace-level operations then go through it.
   */
  void attachOutsideEngine(EmitterCall call) {
    this.outsideEngine = call;
  }

  /** The invocation of namespace-level operations: the engine's, else the emitter's. */
  Invocation detached() {
    Engine e = engine;
    if (e != null) {
      return e.detached();
    }
    EmitterCall c = outsideEngine;
    return c != null ? c : engine().detached();
  }

  Engine engine() {
    Engine e = engine;
    if (e == null) {
      throw new IllegalStateException("the server is not attached to a runtime yet");
    }
    return e;
  }
}
