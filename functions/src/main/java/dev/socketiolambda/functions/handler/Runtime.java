package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.Lazy;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.delivery.GoneHandler;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.LazyBroadcaster;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.polling.PollingLayer;
import dev.socketiolambda.functions.polling.PollingServer;
import dev.socketiolambda.functions.recovery.InMemoryRecoveryStore;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.functions.recovery.RecoveryOptions;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.StateStore;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The runtime of one function instance, assembled by {@link RuntimeBuilder} (the one composition
 * root): the application's bundle, the state store, the engine, the fan-out and the emitter, the
 * open step. Parts are built on first use, so a function pays only for what it runs ({@code $connect}
 * never builds the asynchronous HTTP client; the stream function never builds the engine unless it
 * has an application). Handlers' no-argument constructors use {@link #shared()}.
 */
public final class Runtime {
  private static final Lazy<Runtime> SHARED = Lazy.of(() -> RuntimeBuilder.fromEnvironment().build());

  private final Settings settings;
  private final Supplier<AppBundle> bundle;
  private final Supplier<AppContext> appContext;
  private final StateStore store;
  private final Lazy<SocketIoApp> app;
  private final Lazy<SocketIoServer> server;
  private final Lazy<Engine> engine;
  private final Lazy<FanOut> fanOut;
  private final Lazy<Emitter> emitter;
  private final OpenTrigger openTrigger;
  private final InvocationLog invocationLog;
  private final Lazy<PollingServer> polling;
  private volatile GoneHandler engineGone;
  private volatile Consumer<Throwable> engineErrors;

  Runtime(RuntimeBuilder.Parts parts) {
    this.settings = parts.settings();
    this.invocationLog = parts.invocationLog();
    this.bundle = parts.bundle();
    this.appContext = parts.appContext();
    this.store = parts.store();
    this.app = parts.app() != null ? Lazy.of(parts::app) : Lazy.of(() -> bundle.get().createApp(appContext.get()));
    LongSupplier clock = parts.clock();
    GatewayProvider gateways = parts.gateways();
    PollingLayer pollingLayer = parts.polling();
    this.fanOut = Lazy.of(() -> new FanOut(store, pollingLayer.route(parts.transport().get()), parts.fanOutSettings(),
        parts.shards() == null ? null : parts.shards().get(), parts.shardLedger().get(), this::gone, this::failed));
    this.server = Lazy.of(() -> {
      SocketIoServer io = new SocketIoServer();
      app.get().configure(io);
      return io;
    });
    this.engine = Lazy.of(() -> {
      SocketIoServer io = server.get();
      RecoveryOptions recovery = io.connectionStateRecovery();
      // with a known endpoint, broadcasts use the asynchronous fan-out (and SQS shards when configured)
      Engine.BroadcasterFactory broadcasters = settings.managementEndpoint() == null ? null
          : (gone, errors) -> {
            engineGone = gone;
            engineErrors = errors;
            return new LazyBroadcaster(fanOut);
          };
      return new Engine(io, store, gateways, settings.engine(), clock, settings.managementEndpoint(), broadcasters,
          pollingLayer, recovery == null ? new InMemoryRecoveryStore() : parts.recoveryStores().apply(recovery));
    });
    this.polling = Lazy.of(() -> new PollingServer(engine(), store, pollingLayer.queue(), parts.pollingSettings(),
        clock));
    this.emitter = Lazy.of(() -> {
      SocketIoServer io = configuredServer();
      RecoveryOptions recovery = io == null ? null : io.connectionStateRecovery();
      FanOut f = fanOut();
      // with the server: its taps (the admin UI) see the emitter's emits, and io.of(nsp) works here too
      return new Emitter(f, f.store(),
          recovery == null ? null : new Recovery(recovery, parts.recoveryStores().apply(recovery)), io);
    });
    this.openTrigger = parts.openTrigger() != null ? parts.openTrigger() : id -> engine().onOpen(id);
  }

  /**
   * The application's configured server, or null when there is no application (a stream function
   * of a deployment without one): the emitter then has no taps and logs no events for recovery.
   */
  private SocketIoServer configuredServer() {
    try {
      return server.get();
    } catch (IllegalStateException noApplication) {
      return null;
    }
  }

  /** The runtime built from the environment, once per function instance. */
  public static Runtime shared() {
    return SHARED.get();
  }

  /** The application's bundle. */
  public AppBundle bundle() {
    return bundle.get();
  }

  /** The application's settings and clients. */
  public AppContext appContext() {
    return appContext.get();
  }

  /** Creates the application now (the local stack does, so that bad settings stop the start). */
  public SocketIoApp app() {
    return app.get();
  }

  public Settings settings() {
    return settings;
  }

  public StateStore store() {
    return store;
  }

  public Engine engine() {
    return engine.get();
  }

  /** The fan-out of every broadcast made through this runtime (needs the management endpoint setting). */
  public FanOut fanOut() {
    if (settings.managementEndpoint() == null) {
      throw new IllegalStateException("SOCKETIO_MANAGEMENT_ENDPOINT must be set for an emitter "
          + "(https://<apiId>.execute-api.<region>.amazonaws.com/<stage>)");
    }
    return fanOut.get();
  }

  /** Emits to sockets from code that is not a socket listener: the same fan-out as the engine's broadcasts. */
  public Emitter emitter() {
    return emitter.get();
  }

  /** One line per invocation (structured log and metrics). */
  public InvocationLog invocationLog() {
    return invocationLog;
  }

  /** The HTTP long-polling transport (Engine.IO v4) in front of the same engine. */
  public PollingServer polling() {
    return polling.get();
  }

  public OpenTrigger openTrigger() {
    return openTrigger;
  }

  /**
   * The management endpoint of the API that sent an event: the configured one, else
   * {@code https://<domainName>/<stage>} for execute-api domains, else the execute-api URL built
   * from the API id (custom domains cannot take management calls).
   */
  public String endpointFor(String domainName, String stage, String apiId) {
    if (settings.managementEndpoint() != null) {
      return settings.managementEndpoint();
    }
    if (domainName != null && domainName.endsWith(".amazonaws.com")) {
      return "https://" + domainName + "/" + stage;
    }
    return "https://" + apiId + ".execute-api." + settings.region() + ".amazonaws.com/" + stage;
  }

  // gone connections: the engine's cleanup (disconnect listeners run) once it exists, else the rows go
  private void gone(String connectionId) {
    GoneHandler g = engineGone;
    if (g != null) {
      g.gone(connectionId);
    } else {
      store.deleteConnection(connectionId);
    }
  }

  private void failed(Throwable e) {
    Consumer<Throwable> c = engineErrors;
    if (c != null) {
      c.accept(e);
    } else {
      System.err.println("socketio-lambda: delivery failed: " + e);
    }
  }
}
