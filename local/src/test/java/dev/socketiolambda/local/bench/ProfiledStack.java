package dev.socketiolambda.local.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpServer;
import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.gateway.ManagementApiGateway;
import dev.socketiolambda.functions.handler.ConnectHandler;
import dev.socketiolambda.functions.handler.DefaultHandler;
import dev.socketiolambda.functions.handler.DisconnectHandler;
import dev.socketiolambda.functions.handler.HeartbeatHandler;
import dev.socketiolambda.functions.handler.OpenHandler;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.handler.RuntimeBuilder;
import dev.socketiolambda.functions.handler.Settings;
import dev.socketiolambda.functions.DaemonThreads;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import dev.socketiolambda.local.gateway.LambdaFunction;
import dev.socketiolambda.local.gateway.WebSocketGatewayEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Benchmark tool, not a test (run by {@code scripts/bench-local.sh}): the local stack wired exactly
 * like {@link LocalStack} (same handler classes, same DynamoDB Local, same emulator, same SDK
 * clients with the url-connection HTTP client, same options as {@code java -jar socketio-local.jar}
 * with the demo app), plus timers around the pieces, so a client's ack round trip can be split:
 * <ul>
 *   <li>{@code $default} function time: {@code DefaultHandler.handleRequest} as the emulator invokes it;</li>
 *   <li>of which state store calls ({@link StateStore} behind a timing proxy), and of those the
 *       DynamoDB SDK calls split into "HTTP" (an {@link ExecutionInterceptor}: before transmission
 *       to after transmission = request out, DynamoDB Local's work, response in) and "SDK" (the
 *       rest: marshalling, signing, interceptors, unmarshalling);</li>
 *   <li>management API calls ({@link Gateway} behind a timing proxy, same HTTP split);</li>
 *   <li>the rest of the round trip (client, WebSocket, emulator) is what the client measures minus the function time.</li>
 * </ul>
 * Function-level numbers are attributed per {@code $default} invocation on the invoking thread;
 * calls made on other threads (broadcast fan-out, open step, heartbeat) only count in the totals.
 *
 * <pre>java -cp local/target/socketio-local.jar:local/target/bench-classes \
 *   dev.socketiolambda.local.bench.ProfiledStack [wsPort] [statsPort]</pre>
 * prints {@code listening on ws://127.0.0.1:PORT} and {@code stats on http://127.0.0.1:PORT};
 * {@code GET /reset} zeroes the counters, {@code GET /stats} returns them as JSON.
 */
public final class ProfiledStack {
  private static final ExecutionAttribute<Long> HTTP_START = new ExecutionAttribute<>("bench.httpStart");
  private static final ExecutionAttribute<Long> CALL_START = new ExecutionAttribute<>("bench.callStart");
  private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();
  private static final Map<String, Kind> KINDS = new ConcurrentHashMap<>();
  private static final Map<String, Timer> TOTALS = new ConcurrentHashMap<>();
  private static volatile Map<Long, long[]> threadCpuAtReset = Map.of();
  private static volatile long processCpuAtReset;

  private ProfiledStack() {}

  @SuppressWarnings("deprecation") // RetryPolicy.none(), as GatewayProvider.sdk uses it
  public static void main(String[] args) throws Exception {
    int wsPort = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int statsPort = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    LocalOptions options = LocalOptions.defaults().withPort(wsPort);
    SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    ClientOverrideConfiguration timed = ClientOverrideConfiguration.builder().addExecutionInterceptor(new HttpTimer())
        .build();

    EmbeddedDynamoDb embedded = EmbeddedDynamoDb.start(0);
    DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(EmbeddedDynamoDb.REGION)
        .credentialsProvider(EmbeddedDynamoDb.credentialsProvider()).endpointOverride(embedded.endpoint())
        .overrideConfiguration(timed).build();
    LocalStack.createTablesIfAbsent(dynamo, options.table());
    StateStore store = timedProxy(StateStore.class,
        new DynamoDbStateStore(dynamo, options.table(), LocalStack.DUE_INDEX), "store.");

    ExecutorService openExecutor = Executors.newCachedThreadPool(DaemonThreads.named("local-open"));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
        DaemonThreads.named("local-schedule"));
    Runtime[] runtime = new Runtime[1];
    WebSocketGatewayEmulator gateway = WebSocketGatewayEmulator.builder()
        .port(options.port())
        .managementPort(options.managementPort())
        .idleTimeout(options.idleTimeout())
        .maxConnectionDuration(options.maxDuration())
        .connectFunction(lambda(() -> new ConnectHandler(runtime[0]), "$connect"))
        .defaultFunction(lambda(() -> new DefaultHandler(runtime[0]), "$default"))
        .disconnectFunction(lambda(() -> new DisconnectHandler(runtime[0]), "$disconnect"))
        .build()
        .start();
    EngineConfig config = EngineConfig.DEFAULT.withPing(options.pingInterval(), options.pingTimeout())
        .withConnectTimeout(options.connectTimeout()).withMaxPayload(options.maxPayload());
    GatewayProvider gateways = new GatewayProvider(endpoint -> timedProxy(Gateway.class,
        new ManagementApiGateway(ApiGatewayManagementApiClient.builder()
            .httpClient(http)
            .region(EmbeddedDynamoDb.REGION)
            .credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
            .endpointOverride(URI.create(endpoint))
            .overrideConfiguration(timed.toBuilder().retryPolicy(RetryPolicy.none()).build())
            .build()), "gateway."));
    // the composition root of every runtime, with this tool's timed clients; broadcasts use the
    // engine's own fan-out over these gateways (no management endpoint setting), as before
    Settings settings = new Settings("demo", options.table(), null, null, null, EmbeddedDynamoDb.REGION.id(),
        config, LocalStack.DUE_INDEX, null);
    OpenHandler[] open = new OpenHandler[1];
    runtime[0] = RuntimeBuilder.of(settings).credentials(EmbeddedDynamoDb.credentialsProvider()).dynamo(dynamo)
        .store(store).gateways(gateways)
        .openTrigger(connectionId -> openExecutor.execute(() -> invoke(open[0],
            "{\"connectionId\":\"" + connectionId + "\"}")))
        .build();
    open[0] = new OpenHandler(runtime[0]);
    HeartbeatHandler heartbeat = new HeartbeatHandler(runtime[0]);
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        invoke(heartbeat, "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}");
      } catch (RuntimeException e) {
        System.err.println("heartbeat failed: " + e);
      }
    }, options.tickMs(), options.tickMs(), TimeUnit.MILLISECONDS);

    HttpServer stats = HttpServer.create(new InetSocketAddress("127.0.0.1", statsPort), 8);
    stats.createContext("/reset", x -> {
      KINDS.clear();
      TOTALS.clear();
      threadCpuAtReset = threadCpu();
      processCpuAtReset = processCpuNanos();
      reply(x, "{}");
    });
    stats.createContext("/stats", x -> reply(x, statsJson()));
    stats.start();

    CountDownLatch stop = new CountDownLatch(1);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stats.stop(0);
      scheduler.shutdownNow();
      gateway.close();
      openExecutor.shutdownNow();
      embedded.close();
      stop.countDown();
    }));
    System.out.println("stats on http://127.0.0.1:" + stats.getAddress().getPort());
    System.out.println("listening on " + gateway.websocketUrl());
    System.out.flush();
    stop.await();
  }

  // ------------------------------------------------------------------ instrumentation

  /** What one {@code $default} invocation spent, collected on its thread. */
  private static final class Frame {
    long storeNanos;
    int storeCalls;
    long gatewayNanos;
    int gatewayCalls;
    long dynamoHttpNanos;
    int dynamoHttpCalls;
    long mgmtHttpNanos;
    int mgmtHttpCalls;
  }

  /** Per kind of frame ({@code 42} event, {@code 40} CONNECT, {@code 3} pong, ...). */
  private static final class Kind {
    final LongAdder count = new LongAdder();
    final LongAdder functionNanos = new LongAdder();
    final LongAdder storeNanos = new LongAdder();
    final LongAdder storeCalls = new LongAdder();
    final LongAdder gatewayNanos = new LongAdder();
    final LongAdder gatewayCalls = new LongAdder();
    final LongAdder dynamoHttpNanos = new LongAdder();
    final LongAdder dynamoHttpCalls = new LongAdder();
    final LongAdder mgmtHttpNanos = new LongAdder();
    final LongAdder mgmtHttpCalls = new LongAdder();
    final long[] samples = new long[200_000];
    final java.util.concurrent.atomic.AtomicInteger sampleCount = new java.util.concurrent.atomic.AtomicInteger();
  }

  private static final class Timer {
    final LongAdder count = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }

  private static void total(String name, long nanos) {
    Timer t = TOTALS.computeIfAbsent(name, k -> new Timer());
    t.count.increment();
    t.nanos.add(nanos);
  }

  @SuppressWarnings("unchecked")
  private static <T> T timedProxy(Class<T> type, T target, String prefix) {
    boolean isStore = prefix.startsWith("store");
    return (T) Proxy.newProxyInstance(ProfiledStack.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, margs) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(target, margs);
          }
          long t0 = System.nanoTime();
          try {
            return method.invoke(target, margs);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            long dt = System.nanoTime() - t0;
            total(prefix + method.getName(), dt);
            Frame f = CURRENT.get();
            if (f != null) {
              if (isStore) {
                f.storeNanos += dt;
                f.storeCalls++;
              } else {
                f.gatewayNanos += dt;
                f.gatewayCalls++;
              }
            }
          }
        });
  }

  /** Times the HTTP exchange of every SDK call (request written to response read). */
  private static final class HttpTimer implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      attributes.putAttribute(CALL_START, System.nanoTime());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      attributes.putAttribute(HTTP_START, System.nanoTime());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
      Long t0 = attributes.getAttribute(HTTP_START);
      if (t0 == null) {
        return;
      }
      long dt = System.nanoTime() - t0;
      String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
      total("http." + service + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), dt);
      Frame f = CURRENT.get();
      if (f != null) {
        if ("DynamoDb".equals(service)) {
          f.dynamoHttpNanos += dt;
          f.dynamoHttpCalls++;
        } else {
          f.mgmtHttpNanos += dt;
          f.mgmtHttpCalls++;
        }
      }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      Long t0 = attributes.getAttribute(CALL_START);
      if (t0 != null) {
        total("sdk." + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), System.nanoTime() - t0);
      }
    }
  }

  private static LambdaFunction lambda(Supplier<RequestStreamHandler> handler, String route) {
    RequestStreamHandler[] cached = new RequestStreamHandler[1];
    return event -> {
      if (cached[0] == null) {
        cached[0] = handler.get();
      }
      Frame f = new Frame();
      CURRENT.set(f);
      long t0 = System.nanoTime();
      try {
        return invoke(cached[0], event);
      } finally {
        long dt = System.nanoTime() - t0;
        CURRENT.remove();
        Kind k = KINDS.computeIfAbsent(kindOf(route, event), x -> new Kind());
        k.count.increment();
        k.functionNanos.add(dt);
        k.storeNanos.add(f.storeNanos);
        k.storeCalls.add(f.storeCalls);
        k.gatewayNanos.add(f.gatewayNanos);
        k.gatewayCalls.add(f.gatewayCalls);
        k.dynamoHttpNanos.add(f.dynamoHttpNanos);
        k.dynamoHttpCalls.add(f.dynamoHttpCalls);
        k.mgmtHttpNanos.add(f.mgmtHttpNanos);
        k.mgmtHttpCalls.add(f.mgmtHttpCalls);
        int i = k.sampleCount.getAndIncrement();
        if (i < k.samples.length) {
          k.samples[i] = dt;
        }
      }
    };
  }

  /** {@code $default 42 event}, {@code $default 40 connect}, ... from the event's body (no JSON parse). */
  private static String kindOf(String route, String event) {
    if (!route.equals("$default")) {
      return route;
    }
    int i = event.indexOf("\"body\":\"");
    if (i < 0) {
      return "$default other";
    }
    char a = i + 8 < event.length() ? event.charAt(i + 8) : ' ';
    char b = i + 9 < event.length() ? event.charAt(i + 9) : ' ';
    if (a == '4') {
      return switch (b) {
        case '0' -> "$default 40 connect";
        case '1' -> "$default 41 disconnect";
        case '2' -> "$default 42 event";
        case '3' -> "$default 43 ack";
        default -> "$default 4" + b;
      };
    }
    return a == '3' ? "$default 3 pong" : "$default " + a;
  }

  static String invoke(RequestStreamHandler handler, String event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String statsJson() {
    StringBuilder sb = new StringBuilder("{\"kinds\":{");
    boolean first = true;
    for (Map.Entry<String, Kind> e : new TreeMap<>(KINDS).entrySet()) {
      Kind k = e.getValue();
      long n = Math.max(1, k.count.sum());
      int m = Math.min(k.sampleCount.get(), k.samples.length);
      long[] s = Arrays.copyOf(k.samples, m);
      Arrays.sort(s);
      sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":{")
          .append("\"count\":").append(k.count.sum())
          .append(",\"functionMs\":").append(ms(k.functionNanos.sum() / (double) n))
          .append(",\"functionP50Ms\":").append(m == 0 ? "null" : ms(s[Math.max(0, (int) Math.ceil(0.5 * m) - 1)]))
          .append(",\"functionP99Ms\":").append(m == 0 ? "null" : ms(s[Math.max(0, (int) Math.ceil(0.99 * m) - 1)]))
          .append(",\"storeMs\":").append(ms(k.storeNanos.sum() / (double) n))
          .append(",\"storeCalls\":").append(k.storeCalls.sum() / (double) n)
          .append(",\"gatewayMs\":").append(ms(k.gatewayNanos.sum() / (double) n))
          .append(",\"gatewayCalls\":").append(k.gatewayCalls.sum() / (double) n)
          .append(",\"dynamoHttpMs\":").append(ms(k.dynamoHttpNanos.sum() / (double) n))
          .append(",\"dynamoHttpCalls\":").append(k.dynamoHttpCalls.sum() / (double) n)
          .append(",\"mgmtHttpMs\":").append(ms(k.mgmtHttpNanos.sum() / (double) n))
          .append(",\"mgmtHttpCalls\":").append(k.mgmtHttpCalls.sum() / (double) n)
          .append('}');
      first = false;
    }
    sb.append("},\"totals\":{");
    first = true;
    for (Map.Entry<String, Timer> e : new TreeMap<>(TOTALS).entrySet()) {
      long n = e.getValue().count.sum();
      sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":{\"count\":").append(n)
          .append(",\"meanMs\":").append(ms(e.getValue().nanos.sum() / (double) Math.max(1, n))).append('}');
      first = false;
    }
    sb.append("},\"threadCpuMs\":{");
    Map<String, Long> byGroup = new TreeMap<>();
    Map<Long, long[]> before = threadCpuAtReset;
    threadNames().forEach((id, name) -> {
      long now = Math.max(0, ManagementFactory.getThreadMXBean().getThreadCpuTime(id));
      long[] was = before.get(id);
      byGroup.merge(group(name), now - (was == null ? 0 : was[0]), Long::sum);
    });
    long threads = 0;
    first = true;
    for (Map.Entry<String, Long> e : byGroup.entrySet()) {
      threads += e.getValue();
      sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(ms(e.getValue()));
      first = false;
    }
    long process = processCpuNanos() - processCpuAtReset;
    sb.append("},\"processCpuMs\":").append(ms(process))
        .append(",\"otherCpuMs\":").append(ms(process - threads)); // JIT compiler, GC, threads gone since
    return sb.append('}').toString();
  }

  /** Thread name without its trailing counter: {@code qtp123-45} -> {@code qtp}, {@code x-fn-3} -> {@code x-fn}. */
  private static String group(String name) {
    String g = name.replaceAll("[-_ ]?\\d+$", "");
    if (g.startsWith("qtp")) {
      return "qtp (DynamoDB Local Jetty)";
    }
    if (g.startsWith("SQLiteQueue")) {
      return "SQLiteQueue (DynamoDB Local)";
    }
    return g.replaceAll("^api-gateway-emulator-\\d+-", "emulator-");
  }

  private static Map<Long, String> threadNames() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, String> names = new java.util.HashMap<>();
    for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null) {
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    return names;
  }

  private static Map<Long, long[]> threadCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, long[]> cpu = new java.util.HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      cpu.put(id, new long[] {Math.max(0, mx.getThreadCpuTime(id))});
    }
    return cpu;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String ms(double nanos) {
    return String.format(java.util.Locale.ROOT, "%.4f", nanos / 1e6);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }
}
