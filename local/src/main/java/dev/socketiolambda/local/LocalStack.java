package dev.socketiolambda.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.SdkAsyncPoster;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.handler.ConnectHandler;
import dev.socketiolambda.functions.handler.DefaultHandler;
import dev.socketiolambda.functions.handler.DisconnectHandler;
import dev.socketiolambda.functions.handler.HeartbeatHandler;
import dev.socketiolambda.functions.handler.OpenHandler;
import dev.socketiolambda.functions.handler.OpenTrigger;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.store.TableDefinitions;
import dev.socketiolambda.functions.stream.Rules;
import dev.socketiolambda.functions.stream.StreamHandler;
import dev.socketiolambda.functions.stream.StreamProcessor;
import dev.socketiolambda.local.apps.ChatLocal;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import dev.socketiolambda.local.gateway.LambdaFunction;
import dev.socketiolambda.local.gateway.ManagementFaults;
import dev.socketiolambda.local.gateway.RandomFaults;
import dev.socketiolambda.local.gateway.WebSocketGatewayEmulator;
import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.local.streams.DomainTables;
import dev.socketiolambda.local.streams.LocalShardQueue;
import dev.socketiolambda.local.streams.StreamPoller;
import dev.socketiolambda.local.web.DemoPage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole serverless stack on one machine: DynamoDB Local (or an external DynamoDB), the API
 * Gateway WebSocket emulator invoking the real handler classes with API Gateway-shaped events,
 * the async open step on an executor and the heartbeat schedule on a timer.
 *
 * <p>Broadcasts (from socket handlers and from {@link #emitter()}) go through one {@link FanOut}
 * posting with the asynchronous management API client; broadcasts above the shard threshold are
 * split into shards delivered through a {@link LocalShardQueue} (the SQS queue and fan-out
 * function of AWS). With {@link LocalOptions#streamRules()} the domain tables of the rules'
 * {@code tables} section are created (streams {@code NEW_AND_OLD_IMAGES}) and each gets a
 * {@link StreamPoller} emulating the Lambda event source mapping; the stream function is plugged
 * in with {@link #attachStreamFunction}. {@link LocalOptions#faults()} injects latency and
 * failures on the {@code @connections} API.
 */
public final class LocalStack implements AutoCloseable {
  private final LocalOptions options;
  private final EmbeddedDynamoDb embedded;
  private final DynamoDbClient dynamo;
  private final StateStore store;
  private final WebSocketGatewayEmulator gateway;
  private final ExecutorService openExecutor;
  private final ScheduledExecutorService scheduler;
  private final Engine engine;
  private final DynamoDbStreamsClient streams;
  private final ManagementFaults faults;
  private final SdkAsyncPoster poster;
  private final LocalShardQueue shardQueue;
  private final FanOut fanOut;
  private final Emitter emitter;
  private final List<DomainTable> domainTables;
  private final Map<String, StreamPoller> pollers = new LinkedHashMap<>();
  private final ChatLocal chat;
  private volatile DemoPage page;
  private volatile Function<String, String> streamFunction;
  private volatile boolean closing;

  private LocalStack(LocalOptions options) {
    this.options = options;
    // read before anything starts: a bad rules file fails the start with a clear message
    domainTables = options.streamRules() == null ? List.of() : DomainTables.read(options.streamRules());
    if ("chat".equalsIgnoreCase(options.app())) {
      ChatLocal.check(options.appEnv()); // bad chat settings fail here, before anything is started
    }
    SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    if (options.dynamoEndpoint() == null) {
      embedded = EmbeddedDynamoDb.start(0);
      dynamo = embedded.client();
    } else {
      embedded = null;
      dynamo = DynamoDbClient.builder().httpClient(http).region(EmbeddedDynamoDb.REGION)
          .credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
          .endpointOverride(URI.create(options.dynamoEndpoint())).build();
    }
    createTablesIfAbsent(dynamo, options.table());
    if (embedded != null) {
      streams = embedded.streamsClient();
    } else {
      streams = DynamoDbStreamsClient.builder().httpClient(http).region(EmbeddedDynamoDb.REGION)
          .credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
          .endpointOverride(URI.create(options.dynamoEndpoint())).build();
    }
    long bucketMs = Math.max(1_000, options.tickMs() * 10);
    DueIndexSettings due = new DueIndexSettings(bucketMs, 1, 2, DueIndexSettings.DEFAULT.rowLifetimeMs());
    store = new DynamoDbStateStore(dynamo, options.table(), due);

    openExecutor = Executors.newCachedThreadPool(daemon("local-open"));
    scheduler = Executors.newSingleThreadScheduledExecutor(daemon("local-schedule"));

    // the emulator must exist before the runtime knows its management endpoint
    Holder<Runtime> runtime = new Holder<>();
    faults = RandomFaults.of(options.faults());
    // shards are delivered in parallel, each with the fan-out's concurrency
    int shardParallelism = 8;
    int postsInFlight = options.fanOut().concurrency() * (shardParallelism + 1);
    gateway = WebSocketGatewayEmulator.builder()
        .port(options.port())
        .managementPort(options.managementPort())
        .managementFaults(faults)
        .managementThreads(Math.max(128, Math.min(1024, postsInFlight)))
        .idleTimeout(options.idleTimeout())
        .maxConnectionDuration(options.maxDuration())
        .connectFunction(lambda(() -> new ConnectHandler(runtime.value)))
        .defaultFunction(lambda(() -> new DefaultHandler(runtime.value)))
        .disconnectFunction(lambda(() -> new DisconnectHandler(runtime.value)))
        .build()
        .start();

    EngineConfig config = EngineConfig.DEFAULT.withPing(options.pingInterval(), options.pingTimeout())
        .withConnectTimeout(options.connectTimeout()).withMaxPayload(options.maxPayload());
    GatewayProvider gateways = GatewayProvider.sdk(http, EmbeddedDynamoDb.REGION,
        EmbeddedDynamoDb.credentialsProvider());
    SocketIoServer io = new SocketIoServer();
    if ("chat".equalsIgnoreCase(options.app())) {
      chat = ChatLocal.start(dynamo, options.appEnv());
      chat.app().configure(io);
    } else {
      chat = null;
      app(options.app()).configure(io);
    }
    // The fan-out of every broadcast: the async management API client (Netty, owned and closed by
    // the SDK client), shards through the local stand-in for SQS and the fan-out function.
    poster = SdkAsyncPoster.create(gateway.managementEndpoint(), EmbeddedDynamoDb.REGION,
        EmbeddedDynamoDb.credentialsProvider(), postsInFlight);
    Holder<FanOut> fan = new Holder<>();
    shardQueue = new LocalShardQueue(shard -> fan.value.deliverShard(shard), shardParallelism, 10_000, 3,
        Duration.ofMillis(100));
    engine = new Engine(io, store, gateways, config, System::currentTimeMillis, gateway.managementEndpoint(),
        (gone, errors) -> {
          fan.value = new FanOut(store, poster, options.fanOut(), shardQueue, gone, errors);
          return fan.value;
        });
    fanOut = fan.value;
    emitter = new Emitter(fanOut);
    OpenHandler[] open = new OpenHandler[1];
    OpenTrigger trigger = connectionId -> openExecutor.execute(() -> invoke(open[0],
        "{\"connectionId\":\"" + connectionId + "\"}"));
    runtime.value = new Runtime(engine, trigger, gateway.managementEndpoint(), EmbeddedDynamoDb.REGION.id());
    open[0] = new OpenHandler(runtime.value);
    HeartbeatHandler heartbeat = new HeartbeatHandler(runtime.value);
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        invoke(heartbeat, "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}");
      } catch (RuntimeException e) {
        if (!closing) {
          System.err.println("local heartbeat failed: " + e);
        }
      }
    }, options.tickMs(), options.tickMs(), TimeUnit.MILLISECONDS);

    try {
      for (DomainTable t : domainTables) {
        DomainTables.createIfAbsent(dynamo, t);
        pollers.put(t.name(), StreamPoller.start(dynamo, streams, t.name(), options.streams(), null));
      }
      if (options.streamRules() != null) {
        // the real stream function, over the same rules file, emitting through this stack's fan-out
        attachStreamFunction(function(new StreamHandler(
            new StreamProcessor(Rules.fromFile(options.streamRules()), null, emitter))));
      }
      if (chat != null && options.webPort() >= 0) {
        page = new DemoPage(options.webPort(), ChatLocal.PAGE_ROOT, DemoPage.findNodeModules(),
            chat.endpoints(gateway.websocketUrl()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts everything; returns when the WebSocket port accepts connections. */
  public static LocalStack start(LocalOptions options) {
    return new LocalStack(options);
  }

  /** Resolves {@code demo}, {@code conformance} or a class name ({@code chat} needs the stack's DynamoDB: see the constructor). */
  static SocketIoApp app(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "demo" -> new DemoApp();
      case "conformance" -> new ConformanceApp();
      default -> Runtime.loadApp(name);
    };
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

  /** The chat example when the app is {@code chat}, else null. */
  public ChatLocal chat() {
    return chat;
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
    return engine;
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
    return emitter;
  }

  /** The fan-out engine of every broadcast of this stack. */
  public FanOut fanOut() {
    return fanOut;
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
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    if (shardQueue != null) {
      shardQueue.close();
    }
    gateway.close();
    if (poster != null) {
      poster.close();
    }
    openExecutor.shutdownNow();
    if (embedded != null) {
      embedded.close();
    } else {
      dynamo.close();
      streams.close();
    }
  }

  private static LambdaFunction lambda(java.util.function.Supplier<RequestStreamHandler> handler) {
    RequestStreamHandler[] cached = new RequestStreamHandler[1];
    return event -> {
      if (cached[0] == null) {
        cached[0] = handler.get();
      }
      return invoke(cached[0], event);
    };
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

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static final class Holder<T> {
    volatile T value;
  }
}
