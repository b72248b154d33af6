package dev.socketiolambda.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.socketiolambda.functions.DaemonThreads;
import dev.socketiolambda.functions.Lazy;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.BundleSecret;
import dev.socketiolambda.functions.bundle.BundleTable;
import dev.socketiolambda.functions.bundle.Bundles;
import dev.socketiolambda.functions.bundle.LocalDemo;
import dev.socketiolambda.functions.delivery.ManagementApiPoster;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.handler.ConnectHandler;
import dev.socketiolambda.functions.handler.DefaultHandler;
import dev.socketiolambda.functions.handler.DisconnectHandler;
import dev.socketiolambda.functions.handler.HeartbeatHandler;
import dev.socketiolambda.functions.handler.OpenHandler;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.handler.RuntimeBuilder;
import dev.socketiolambda.functions.handler.Settings;
import dev.socketiolambda.functions.http.HttpApp;
import dev.socketiolambda.functions.http.HttpHandler;
import dev.socketiolambda.functions.http.RouteContext;
import dev.socketiolambda.functions.http.Router;
import dev.socketiolambda.functions.observability.DynamoDbMetrics;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.SocketsGauge;
import dev.socketiolambda.functions.schedule.LocalScheduler;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.schedule.TickRunner;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.store.TableDefinitions;
import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.functions.stream.Rules;
import dev.socketiolambda.functions.stream.StreamHandler;
import dev.socketiolambda.functions.stream.StreamProcessor;
import dev.socketiolambda.local.auth.LocalTokens;
import dev.socketiolambda.local.dynamo.DynamoFaultProxy;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import dev.socketiolambda.local.gateway.HttpApiEmulator;
import dev.socketiolambda.local.gateway.PollingRoute;
import dev.socketiolambda.functions.polling.PollingHandler;
import dev.socketiolambda.functions.polling.PollingSettings;
import dev.socketiolambda.local.gateway.LambdaFunction;
import dev.socketiolambda.local.gateway.ManagementFaults;
import dev.socketiolambda.local.gateway.RandomFaults;
import dev.socketiolambda.local.gateway.WebSocketGatewayEmulator;
import dev.socketiolambda.local.streams.DomainTables;
import dev.socketiolambda.local.streams.LocalShardQueue;
import dev.socketiolambda.local.streams.StreamPoller;
import dev.socketiolambda.local.streams.StreamWakeUps;
import dev.socketiolambda.local.web.DemoEndpoints;
import dev.socketiolambda.local.web.AdminUiPage;
import dev.socketiolambda.local.web.DemoPage;
import dev.socketiolambda.local.web.MetricsEndpoint;
import dev.socketiolambda.local.web.StaticAssets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole serverless stack on one machine: DynamoDB Local (or an external DynamoDB), the API
 * Gateway WebSocket emulator invoking the real handler classes with API Gateway-shaped events,
 * the async open step on an executor and the heartbeat schedule on a timer. The runtime is
 * assembled by {@link RuntimeBuilder} like on Lambda, with this stack's clients; the application is
 * the bundle {@link LocalOptions#app()} names ({@link Bundles#find}): its tables are created, its
 * secrets generated unless given, its demo data written and its page served. A start that fails
 * stops whatever it had started and throws.
 *
 * <p>Broadcasts (from socket handlers and from {@link #emitter()}) go through one {@link FanOut}
 * posting with the asynchronous management API client; broadcasts above the shard threshold are
 * split into shards delivered through a {@link LocalShardQueue} (the SQS queue and fan-out
 * function of AWS). With {@link LocalOptions#streamRules()} (else the bundle's own rules) the
 * domain tables of the rules' {@code tables} section are created (streams {@code NEW_AND_OLD_IMAGES}) and each gets a
 * {@link StreamPoller} emulating the Lambda event source mapping; the stream function is plugged
 * in with {@link #attachStreamFunction}. {@link LocalOptions#faults()} injects latency and
 * failures on the {@code @connections} API.
 */
public final class LocalStack implements AutoCloseable {
  /**
   * The due index of the local stack: AWS's one-minute buckets in one shard, one bucket looked back.
   * (Buckets of ten ticks made the ten-minute sweep over the rows' three hours 1,080 queries at the
   * default 1 s tick: a minute on a busy DynamoDB Local, during which no ping went out.)
   */
  public static final DueIndexSettings DUE_INDEX =
      new DueIndexSettings(DueIndexSettings.DEFAULT.bucketMs(), 1, 1, DueIndexSettings.DEFAULT.rowLifetimeMs());
  /** A heartbeat tick this long (or one that left connections for the next) is logged on standard error. */
  private static final long SLOW_TICK_MS = 5_000;
  private final LocalOptions options;
  private final AppBundle bundle;
  private final List<DomainTable> domainTables;
  private final Map<String, StreamPoller> pollers = new LinkedHashMap<>();
  private final StreamWakeUps wakeUps = new StreamWakeUps();
  private EmbeddedDynamoDb embedded;
  private DynamoDbClient dynamo;
  private DynamoDbStreamsClient streams;
  private StateStore store;
  private ExecutorService openExecutor;
  private ScheduledExecutorService scheduler;
  private WebSocketGatewayEmulator gateway;
  private ManagementFaults faults;
  private ManagementApiPoster poster;
  private LocalShardQueue shardQueue;
  private Runtime runtime;
  private LocalDemo demo;
  private LocalTokens tokens;
  private LocalScheduler ticks;
  private volatile DemoPage page;
  private volatile Function<String, String> streamFunction;
  private volatile boolean closing;

  private LocalStack(LocalOptions options) {
    this.options = options;
    // read before anything starts: a bad rules file or an unknown app fails the start with a clear message
    bundle = Bundles.find(options.app());
    domainTables = options.streamRules() != null ? DomainTables.read(options.streamRules())
        : bundle.streamRules() != null ? DomainTables.read(bundle.streamRules()) : List.of();
    Map<String, String> appEnv = LocalTokens.checkedEnv(appEnv(bundle, options.appEnv()));
    bundle.checkSettings(appEnv);
    try {
      start(appEnv);
    } catch (RuntimeException | Error e) {
      close(); // stops everything started so far
      throw e;
    }
  }

  private void start(Map<String, String> checkedEnv) {
    // demo tokens for every app alike: HS256 with AUTH_JWT_SECRET, RS256 through a JWKS on 127.0.0.1
    tokens = LocalTokens.start(checkedEnv);
    Map<String, String> appEnv = tokens.appEnv();
    SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    if (options.dynamoEndpoint() == null) {
      embedded = EmbeddedDynamoDb.start(0, List.of(wakeUps));
      // every function's DynamoDB client goes through the fault proxy when DynamoDB faults are configured
      dynamo = DynamoFaultProxy.inFront(embedded.client(), embedded.endpoint(), options.faults().dynamo(),
          List.of(wakeUps));
      streams = embedded.streamsClient();
    } else {
      dynamo = DynamoFaultProxy.inFront(DynamoDbClient.builder().httpClient(http).region(EmbeddedDynamoDb.REGION)
          .credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
          .overrideConfiguration(c -> c.addExecutionInterceptor(new DynamoDbMetrics(Meter.runtime()))
              .addExecutionInterceptor(wakeUps))
          .endpointOverride(URI.create(options.dynamoEndpoint())).build(), URI.create(options.dynamoEndpoint()),
          options.faults().dynamo(), List.of(wakeUps));
      streams = DynamoDbStreamsClient.builder().httpClient(http).region(EmbeddedDynamoDb.REGION)
          .credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
          .endpointOverride(URI.create(options.dynamoEndpoint())).build();
    }
    createTablesIfAbsent(dynamo, options.table());
    store = new DynamoDbStateStore(dynamo, options.table(), DUE_INDEX);

    openExecutor = Executors.newCachedThreadPool(DaemonThreads.named("local-open"));
    scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("local-schedule"));

    faults = RandomFaults.of(options.faults());
    // shards are delivered in parallel, each with the fan-out's concurrency
    int shardParallelism = 8;
    int postsInFlight = options.fanOut().concurrency() * (shardParallelism + 1);
    // the handlers reach the runtime through runtime(): it is built once the emulator knows its endpoints
    Lazy<RequestStreamHandler> open = Lazy.of(() -> new OpenHandler(runtime()));
    gateway = WebSocketGatewayEmulator.builder()
        .port(options.port())
        .managementPort(options.managementPort())
        .managementFaults(faults)
        .parallelDefault(options.faults().parallelDefaultMs(), options.faults().seed())
        .managementThreads(Math.max(128, Math.min(1024, postsInFlight)))
        .idleTimeout(options.idleTimeout())
        .maxConnectionDuration(options.maxDuration())
        .connectFunction(lambda(() -> new ConnectHandler(runtime())))
        .defaultFunction(lambda(() -> new DefaultHandler(runtime())))
        .disconnectFunction(lambda(() -> new DisconnectHandler(runtime())))
        .defaultRouteResponse(routeResponses(appEnv))
        .build()
        .start();

    EngineConfig config = EngineConfig.DEFAULT.withPing(options.pingInterval(), options.pingTimeout())
        .withConnectTimeout(options.connectTimeout()).withMaxPayload(options.maxPayload())
        .withRouteResponses(routeResponses(appEnv));
    // The fan-out of every broadcast: the runtime's poster (signed requests on the JDK's HTTP client),
    // shards through the local stand-in for SQS and the fan-out function.
    poster = ManagementApiPoster.create(gateway.managementEndpoint(), EmbeddedDynamoDb.REGION,
        EmbeddedDynamoDb.credentialsProvider(), postsInFlight);
    // as the fan-out function: recipients not reached make the shard come back, for them alone
    shardQueue = new LocalShardQueue(shard -> runtime().fanOut().deliverQueued(shard, FanOut.DEFAULT_BUDGET_MS),
        shardParallelism, 10_000, 3,
        Duration.ofMillis(100));
    Settings settings = new Settings(options.app(), options.table(), gateway.managementEndpoint(), null, null,
        EmbeddedDynamoDb.REGION.id(), config, DUE_INDEX, null);
    runtime = RuntimeBuilder.of(settings)
        .appEnv(appEnv)
        .bundle(bundle)
        .credentials(EmbeddedDynamoDb.credentialsProvider())
        .dynamo(dynamo)
        .store(store)
        .transport(() -> poster)
        .shards(shardQueue)
        .fanOutSettings(options.fanOut())
        .pollingSettings(pollingSettings(appEnv))
        .openTrigger(connectionId -> openExecutor.execute(() -> invoke(open.get(),
            "{\"connectionId\":\"" + connectionId + "\"}")))
        .build();
    for (BundleTable t : bundle.tables()) {
      String name = t.name(runtime.appContext());
      if (createIfAbsent(dynamo, t.definition().apply(name)) && t.ttlAttribute() != null) {
        dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(ttl -> ttl
            .attributeName(t.ttlAttribute()).enabled(true)));
      }
    }
    for (DomainTable t : domainTables) { // before the app, its schedules and its demo data use them
      DomainTables.createIfAbsent(dynamo, t);
    }
    runtime.app(); // bad application settings stop the start here
    runtime.engine();
    // the application's schedules on a local scheduler thread (EventBridge Scheduler on AWS)
    Schedules schedules = Schedules.of(runtime.app());
    if (!schedules.all().isEmpty()) {
      ticks = LocalScheduler.start(schedules.all(), new TickRunner(runtime.emitter()), System::currentTimeMillis);
    }
    demo = bundle.localDemo(runtime.appContext());
    if (demo != null) {
      demo.seed();
    }

    HeartbeatHandler heartbeat = new HeartbeatHandler(runtime, SocketsGauge.from(appEnv));
    // each tick is due tickMs after the previous one ended (fixed delay): its event carries that
    // time as EventBridge's does, so the handler measures the lag (HeartbeatLag in /metrics)
    long[] tickDue = {System.currentTimeMillis() + options.tickMs()};
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        long started = System.nanoTime();
        String report = invoke(heartbeat, heartbeatEvent(tickDue[0]));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (tookMs >= SLOW_TICK_MS || !report.contains("\"deferred\":0")) {
          System.err.println("local heartbeat: a tick took " + tookMs + " ms: " + report);
        }
      } catch (RuntimeException e) {
        if (!closing) {
          System.err.println("local heartbeat failed: " + e);
        }
      } finally {
        tickDue[0] = System.currentTimeMillis() + options.tickMs();
      }
    }, options.tickMs(), options.tickMs(), TimeUnit.MILLISECONDS);

    for (DomainTable t : domainTables) {
      StreamPoller poller = StreamPoller.start(dynamo, streams, t.name(), options.streams(), null);
      pollers.put(t.name(), poller);
      wakeUps.register(poller); // a write through this stack's client is read at once
    }
    if (options.streamRules() != null) {
      // the real stream function, over the same rules file, emitting through this stack's fan-out
      attachStreamFunction(function(new StreamHandler(
          new StreamProcessor(Rules.fromFile(options.streamRules()), null, runtime.emitter()))));
    } else if (bundle.streamRules() != null || bundle.streamHook() != null) {
      // the application's own stream function, configured as the CDK stack configures it on AWS
      Map<String, String> env = new LinkedHashMap<>();
      if (bundle.streamRules() != null) {
        env.put(StreamProcessor.RULES_ENV, bundle.streamRules());
      }
      if (bundle.streamHook() != null) {
        env.put(StreamProcessor.HOOK_ENV, bundle.streamHook());
      }
      attachStreamFunction(function(new StreamHandler(StreamProcessor.fromEnvironment(env, runtime.emitter()))));
    }
    // the runtime's counters (GET /metrics), before the app's routes, which answer every other path
    gateway.addHttpHandler(new MetricsEndpoint(Meter.runtime()));
    // Engine.IO long-polling first, then the bundle's web assets and HTTP routes on the WebSocket port,
    // as one API domain behind CloudFront
    gateway.addHttpHandler(new PollingRoute(new PollingHandler(runtime)));
    if (bundle.webAssets() != null) {
      gateway.addHttpHandler(StaticAssets.classpath(bundle.webAssets()));
    }
    AdminUiPage adminUi = AdminUiPage.find(DemoPage.findNodeModules()); // the official admin UI at /admin-ui/
    if (adminUi != null) {
      gateway.addHttpHandler(adminUi);
    }
    HttpApp<?> routes = bundle.httpApp(runtime.appContext());
    if (routes != null) {
      serve(routes);
    }
    if (demo != null && demo.pageRoot() != null && options.webPort() >= 0) {
      page = new DemoPage(options.webPort(), demo.pageRoot(), DemoPage.findNodeModules(),
          new DemoEndpoints(demo.users(), tokens, gateway.websocketUrl()).all());
    }
  }

  /**
   * Long-polling as on AWS ({@code SOCKETIO_POLLING_HOLD_MS}, {@code SOCKETIO_CORS_ORIGINS} from
   * {@code --app-env}), except that locally any origin may poll (demo pages on other ports) and a
   * waiting GET looks at its queue every 50 ms (frames queued here wake it at once anyway).
   */
  static PollingSettings pollingSettings(Map<String, String> appEnv) {
    PollingSettings s = PollingSettings.from(appEnv);
    s = s.withHold(s.holdMs(), 50);
    return appEnv.containsKey("SOCKETIO_CORS_ORIGINS") ? s : s.withCorsOrigins(java.util.Set.of("*"));
  }

  /** The scheduled event of a heartbeat tick due at {@code dueAtMs}, as EventBridge sends it (with milliseconds). */
  static String heartbeatEvent(long dueAtMs) {
    return "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"time\":\""
        + java.time.Instant.ofEpochMilli(dueAtMs) + "\"}";
  }

  /** {@code SOCKETIO_ROUTE_RESPONSES} ({@code --route-responses on|off}); unset, the runtime's default: off. */
  static boolean routeResponses(Map<String, String> appEnv) {
    String value = appEnv.get("SOCKETIO_ROUTE_RESPONSES");
    Map<String, String> env = value == null ? Map.of() : Map.of("SOCKETIO_ROUTE_RESPONSES", value);
    return Settings.from(env).engine().routeResponses();
  }

  /** Starts everything; returns when the WebSocket port accepts connections. */
  public static LocalStack start(LocalOptions options) {
    return new LocalStack(options);
  }

  /**
   * The application's settings: the bundle's fixed ones, the given ones over them, and a random
   * value for each of the bundle's secrets that is not given (only tokens minted by this stack are
   * then valid).
   */
  static Map<String, String> appEnv(AppBundle bundle, Map<String, String> given) {
    Map<String, String> env = new LinkedHashMap<>(bundle.environment());
    env.putAll(given);
    SecureRandom random = new SecureRandom();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (BundleSecret secret : bundle.secrets()) {
      env.computeIfAbsent(secret.variable(), k -> {
        StringBuilder b = new StringBuilder(secret.length());
        for (int i = 0; i < secret.length(); i++) {
          b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
      });
    }
    return env;
  }

  /** Creates a table unless it exists (kept from an earlier run on an external DynamoDB); true when created. */
  static boolean createIfAbsent(DynamoDbClient dynamo, CreateTableRequest table) {
    try {
      dynamo.createTable(table);
      return true;
    } catch (ResourceInUseException exists) {
      return false;
    }
  }

  /** Creates the runtime's tables unless they exist; never drops anything. */
  public static void createTablesIfAbsent(DynamoDbClient dynamo, String table) {
    for (var request : TableDefinitions.all(table)) {
      try {
        dynamo.createTable(request);
      } catch (ResourceInUseException exists) {
        // already there
      }
    }
  }

  /** The application's bundle. */
  public AppBundle bundle() {
    return bundle;
  }

  /** The runtime the handlers run (its engine, fan-out, emitter and the application's settings). */
  public Runtime runtime() {
    return runtime;
  }

  /** One line about the demo (who can log in), or null. */
  public String demoBanner() {
    return demo == null || demo.users().isEmpty() ? null
        : "users: " + String.join(", ", demo.users().stream().map(LocalDemo.DemoUser::id).toList());
  }

  /** The stack's demo tokens (the shared {@code AUTH_*} settings it runs the app with). */
  public LocalTokens tokens() {
    return tokens;
  }

  /** The URL of the app's demo page, or null when there is none. */
  public String demoPageUrl() {
    DemoPage p = page;
    return p == null ? null : p.url();
  }

  public String websocketUrl() {
    return gateway.websocketUrl();
  }

  public int port() {
    return gateway.port();
  }

  public String managementEndpoint() {
    return gateway.managementEndpoint();
  }

  /** The DynamoDB endpoint (embedded or external), for any AWS tool: {@code http://127.0.0.1:PORT}. */
  public String dynamoEndpoint() {
    return embedded != null ? embedded.endpoint().toString() : options.dynamoEndpoint();
  }

  /**
   * Serves an app's HTTP routes on the WebSocket port, as an HTTP API's {@code $default} route
   * invoking the real {@link HttpHandler}: the routes emit through this stack's {@link #emitter()}
   * and get {@code app} as their dependencies. Assets added to {@link #gateway()} before this call
   * are looked up first.
   */
  private <D> void serve(HttpApp<D> http) {
    serveRoutes(http.router(), http.dependencies());
  }

  public <D> void serveRoutes(Router<D> router, D app) {
    HttpHandler handler = new HttpHandler(router, new RouteContext<>(runtime::emitter, app));
    gateway.addHttpHandler(HttpApiEmulator.builder().route("$default", HttpApiEmulator.function(handler)).build());
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  public StateStore store() {
    return store;
  }

  public String table() {
    return options.table();
  }

  public Engine engine() {
    return runtime.engine();
  }

  public WebSocketGatewayEmulator gateway() {
    return gateway;
  }

  public LocalOptions options() {
    return options;
  }

  /**
   * Emits to sockets from outside socket handlers (tests, tools, a stream function run here):
   * the same fan-out as the handlers' broadcasts.
   */
  public Emitter emitter() {
    return runtime.emitter();
  }

  /** The fan-out engine of every broadcast of this stack. */
  public FanOut fanOut() {
    return runtime.fanOut();
  }

  /** The local SQS stand-in that delivers the shards of large broadcasts. */
  public LocalShardQueue shardQueue() {
    return shardQueue;
  }

  /** The fault injection on the {@code @connections} API ({@link ManagementFaults#NONE} when none is configured). */
  public ManagementFaults managementFaults() {
    return faults;
  }

  /** Names of the domain tables of the stream rules, each created and polled; empty without rules. */
  public List<String> domainTables() {
    List<String> names = new ArrayList<>(domainTables.size());
    domainTables.forEach(t -> names.add(t.name()));
    return List.copyOf(names);
  }

  /** The stream poller of each domain table, by table name. */
  public Map<String, StreamPoller> streamPollers() {
    return Map.copyOf(pollers);
  }

  /**
   * Plugs in the stream function: every domain table's poller invokes it with Lambda's DynamoDB
   * Streams event JSON and reads its answer as a {@code ReportBatchItemFailures} response. Records
   * written since the start and read before this call are delivered to it. Replaces an earlier one.
   */
  public void attachStreamFunction(Function<String, String> function) {
    streamFunction = java.util.Objects.requireNonNull(function, "function");
    pollers.values().forEach(p -> p.attach(function));
  }

  /** The stream function attached, or null. */
  public Function<String, String> streamFunction() {
    return streamFunction;
  }

  /** Adapts a Lambda {@link RequestStreamHandler} to the function {@link #attachStreamFunction} takes. */
  public static Function<String, String> function(RequestStreamHandler handler) {
    return event -> invoke(handler, event);
  }

  @Override
  public void close() {
    closing = true;
    if (page != null) {
      page.close();
    }
    pollers.values().forEach(StreamPoller::close);
    if (ticks != null) {
      ticks.close();
    }
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler.shutdownNow();
    }
    if (shardQueue != null) {
      shardQueue.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (poster != null) {
      poster.close();
    }
    if (openExecutor != null) {
      openExecutor.shutdownNow();
    }
    if (tokens != null) {
      tokens.close();
    }
    if (embedded != null) {
      if (dynamo != null) {
        dynamo.close(); // the fault proxy's client, if any (else the embedded client, closed again below)
      }
      embedded.close();
    } else if (dynamo != null) {
      dynamo.close();
      if (streams != null) {
        streams.close();
      }
    }
  }

  /** A function whose handler is built at its first invocation, like a Lambda function instance. */
  private static LambdaFunction lambda(Supplier<RequestStreamHandler> handler) {
    Lazy<RequestStreamHandler> instance = Lazy.of(handler);
    return event -> invoke(instance.get(), event);
  }

  static String invoke(RequestStreamHandler handler, String event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
