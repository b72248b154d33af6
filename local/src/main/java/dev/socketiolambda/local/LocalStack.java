package dev.socketiolambda.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.apps.DemoApp;
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
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import dev.socketiolambda.local.gateway.LambdaFunction;
import dev.socketiolambda.local.gateway.WebSocketGatewayEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * The whole serverless stack on one machine: DynamoDB Local (or an external DynamoDB), the API
 * Gateway WebSocket emulator invoking the real handler classes with API Gateway-shaped events,
 * the async open step on an executor and the heartbeat schedule on a timer.
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
  private volatile boolean closing;

  private LocalStack(LocalOptions options) {
    this.options = options;
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
    long bucketMs = Math.max(1_000, options.tickMs() * 10);
    DueIndexSettings due = new DueIndexSettings(bucketMs, 1, 2, DueIndexSettings.DEFAULT.rowLifetimeMs());
    store = new DynamoDbStateStore(dynamo, options.table(), due);

    openExecutor = Executors.newCachedThreadPool(daemon("local-open"));
    scheduler = Executors.newSingleThreadScheduledExecutor(daemon("local-schedule"));

    // the emulator must exist before the runtime knows its management endpoint
    Holder<Runtime> runtime = new Holder<>();
    gateway = WebSocketGatewayEmulator.builder()
        .port(options.port())
        .managementPort(options.managementPort())
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
        EmbeddedDynamoDb.credentialsProvider(), config.postAttempts());
    SocketIoServer io = new SocketIoServer();
    app(options.app()).configure(io);
    engine = new Engine(io, store, gateways, config, System::currentTimeMillis, gateway.managementEndpoint());
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
  }

  /** Starts everything; returns when the WebSocket port accepts connections. */
  public static LocalStack start(LocalOptions options) {
    return new LocalStack(options);
  }

  /** Resolves {@code demo}, {@code conformance} or a class name. */
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

  @Override
  public void close() {
    closing = true;
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    gateway.close();
    openExecutor.shutdownNow();
    if (embedded != null) {
      embedded.close();
    } else {
      dynamo.close();
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
