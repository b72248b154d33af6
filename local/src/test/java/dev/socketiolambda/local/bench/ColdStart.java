package dev.socketiolambda.local.bench;

import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.handler.DefaultHandler;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.handler.RuntimeBuilder;
import dev.socketiolambda.functions.handler.Settings;
import dev.socketiolambda.functions.snapstart.SnapStartPriming;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.store.SocketRecord;
import java.io.ByteArrayInputStream;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark tool, not a test (run by {@code scripts/bench-local.sh}): what a fresh Lambda JVM pays
 * before its first {@code $default} answer. Runs with <b>only</b> the deployment artifact on the
 * class path ({@code functions/target/socketio-functions.jar}) plus this class:
 *
 * <pre>java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
 *   -cp functions/target/socketio-functions.jar:local/target/bench-classes \
 *   dev.socketiolambda.local.bench.ColdStart sdk|sdk-primed|memory|floor LAUNCH_EPOCH_MICROS CONNECTION_ID [INVOCATIONS]</pre>
 *
 * <ul>
 *   <li>{@code sdk}: exactly the Lambda path. {@code new DefaultHandler()} (the no-argument
 *       constructor Lambda calls) builds {@code Runtime.shared()} from the environment
 *       ({@code SOCKETIO_APP}, {@code DYNAMODB_ENDPOINT}, {@code AWS_REGION}, credentials): url-connection
 *       HTTP client, {@code DynamoDbClient}, management API client provider, the application. Then the
 *       first {@code $default} event {@code 42N["message-with-ack",...]} for a connection whose rows
 *       already exist (seeded in another JVM by {@link BenchDynamo}): 2 GetItem calls to DynamoDB
 *       Local over loopback HTTP, the ack goes back as the route response (no management call).</li>
 *   <li>{@code sdk-primed}: {@code sdk}, then the SnapStart priming hook ({@link SnapStartPriming}) as
 *       Lambda runs it before taking the snapshot; the first invocation is timed from after it (what
 *       a restored snapshot pays, less the restore itself). {@code primingMs} is the hook's time.</li>
 *   <li>{@code memory}: the same handler and engine with the in-memory store and a no-op gateway
 *       (seeded in this JVM through the store API, which warms nothing of the event path): the cost
 *       of our own code and Jackson without the AWS SDK.</li>
 *   <li>{@code floor}: no handler; the DynamoDB client built from the environment and one consistent
 *       {@code GetItem} of the seeded connection's row: what any Java function reading one item pays
 *       in the same set-up, the floor the others are compared with.</li>
 * </ul>
 *
 * Prints one JSON line: launch to {@code main} (JVM boot), {@code main} to handler constructed
 * (init), first invocation, second invocation, median and mean of the rest (and of their CPU time on
 * the invoking thread, where the SDK's url-connection client does its work too; back to back, so the
 * mean shows a CPU quota's throttling where the median may not), launch to first answer, peak RSS.
 * Lambda's own runtime client (the bootstrap that polls the Runtime API) is not included.
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    long mainAt = micros();
    String mode = args[0];
    long launchAt = Long.parseLong(args[1]);
    String connectionId = args[2];
    int invocations = args.length > 3 ? Integer.parseInt(args[3]) : 20;

    if (mode.equals("floor")) {
      floor(mainAt, launchAt, connectionId);
      return;
    }
    DefaultHandler handler = mode.startsWith("sdk") ? new DefaultHandler() : inMemory(connectionId);
    long initAt = micros();
    long primingMicros = 0;
    if (mode.equals("sdk-primed")) {
      // what SnapStart runs before its snapshot: the hook the handler's constructor registered
      SnapStartPriming.register(Runtime.shared()).beforeCheckpoint(null);
      primingMicros = micros() - initAt;
      initAt = micros(); // a restored snapshot starts here (restore time itself cannot be measured off Lambda)
    }

    long[] durations = new long[invocations];
    long[] cpu = new long[invocations];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    String firstReply = null;
    for (int i = 0; i < invocations; i++) {
      String event = event(connectionId, i);
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = micros();
      String reply = handle(handler, event);
      durations[i] = micros() - t0;
      cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1000;
      if (i == 0) {
        firstReply = reply;
      }
      if (!reply.contains("\"body\":\"43" + (i + 1) + "[{\\\"n\\\":" + i)) {
        throw new IllegalStateException("unexpected reply to invocation " + i + ": " + reply);
      }
    }
    long firstDoneAt = initAt + durations[0];
    long[] rest = invocations > 2 ? Arrays.copyOfRange(durations, 2, invocations) : new long[0];
    Arrays.sort(rest);
    long[] restCpu = invocations > 2 ? Arrays.copyOfRange(cpu, 2, invocations) : new long[0];
    Arrays.sort(restCpu);
    System.out.println("{\"mode\":\"" + mode + "\""
        + ",\"jvmBootMs\":" + ms(mainAt - launchAt)
        + ",\"initMs\":" + ms(initAt - mainAt - primingMicros)
        + ",\"primingMs\":" + ms(primingMicros)
        + ",\"firstInvokeMs\":" + ms(durations[0])
        + ",\"secondInvokeMs\":" + (invocations > 1 ? ms(durations[1]) : "null")
        + ",\"laterInvokeMedianMs\":" + (rest.length > 0 ? ms(rest[rest.length / 2]) : "null")
        + ",\"laterInvokeCpuMedianMs\":" + (restCpu.length > 0 ? ms2(restCpu[restCpu.length / 2]) : "null")
        + ",\"laterInvokeMeanMs\":" + (rest.length > 0 ? ms2(Arrays.stream(rest).sum() / rest.length) : "null")
        + ",\"laterInvokeCpuMeanMs\":" + (restCpu.length > 0 ? ms2(Arrays.stream(restCpu).sum() / restCpu.length) : "null")
        + ",\"launchToFirstAnswerMs\":" + ms(firstDoneAt - launchAt)
        + ",\"peakRssMiB\":" + peakRssMiB()
        + ",\"loadedClasses\":" + java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()
        + ",\"firstReply\":" + quote(firstReply)
        + "}");
  }

  /**
   * The floor: what any Java function that reads one DynamoDB item pays, in the same JVM set-up and
   * class path. Builds the DynamoDB client (url-connection HTTP client, credentials from the
   * environment, the same endpoint) and reads the seeded connection's row once, consistently.
   */
  private static void floor(long mainAt, long launchAt, String connectionId) {
    Map<String, String> env = System.getenv();
    DynamoDbClient dynamo = DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.builder().build())
        .region(Region.of(env.get("AWS_REGION")))
        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
        .endpointOverride(URI.create(env.get("DYNAMODB_ENDPOINT")))
        .build();
    long initAt = micros();
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(env.getOrDefault("SOCKETIO_TABLE", "socketio"))
        .key(Map.of("pk", AttributeValue.fromS("C#" + connectionId), "sk", AttributeValue.fromS("#conn")))
        .consistentRead(true)).item();
    long firstDoneAt = micros();
    if (item == null || item.isEmpty()) {
      throw new IllegalStateException("the seeded connection row is not there: " + connectionId);
    }
    System.out.println("{\"mode\":\"floor\""
        + ",\"jvmBootMs\":" + ms(mainAt - launchAt)
        + ",\"initMs\":" + ms(initAt - mainAt)
        + ",\"primingMs\":0.0"
        + ",\"firstInvokeMs\":" + ms(firstDoneAt - initAt)
        + ",\"secondInvokeMs\":null,\"laterInvokeMedianMs\":null"
        + ",\"launchToFirstAnswerMs\":" + ms(firstDoneAt - launchAt)
        + ",\"peakRssMiB\":" + peakRssMiB()
        + ",\"loadedClasses\":" + java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()
        + ",\"firstReply\":null}");
  }

  /** The handler over the in-memory store: no AWS SDK client is built. */
  private static DefaultHandler inMemory(String connectionId) {
    long now = System.currentTimeMillis();
    InMemoryStateStore store = new InMemoryStateStore();
    store.putConnection(new ConnectionRecord(connectionId, "eio-" + connectionId, "http://127.0.0.1:1/local", now,
        "127.0.0.1", Map.of("host", "127.0.0.1"), Map.of("EIO", List.of("4"), "transport", List.of("websocket")),
        0, 0, 0, now + 25_000));
    String sid = "sid-" + connectionId;
    store.putSocket(new SocketRecord(connectionId, "/", sid, "{}", "{}", Set.of(sid), now));
    Gateway none = new Gateway() {
      @Override
      public void post(String id, String frame) {}

      @Override
      public boolean isConnected(String id) {
        return true;
      }

      @Override
      public void delete(String id) {}
    };
    // no management endpoint setting: the engine's own fan-out, replies to the connection's endpoint
    Settings settings = Settings.from(Map.of("SOCKETIO_APP", "demo", "DYNAMODB_ENDPOINT", "http://127.0.0.1:1"));
    return new DefaultHandler(RuntimeBuilder.of(settings).store(store)
        .gateways(new GatewayProvider(endpoint -> none)).openTrigger(id -> { }).build());
  }

  /** A {@code $default} MESSAGE event as API Gateway sends it. */
  static String event(String connectionId, int i) {
    long now = System.currentTimeMillis();
    String body = "42" + (i + 1) + "[\\\"message-with-ack\\\",{\\\"n\\\":" + i + ",\\\"text\\\":\\\"hello\\\"}]";
    return "{\"requestContext\":{\"routeKey\":\"$default\",\"messageId\":\"m" + i + "\",\"eventType\":\"MESSAGE\","
        + "\"extendedRequestId\":\"x" + i + "\",\"requestTime\":\"22/Nov/2026:00:00:00 +0000\","
        + "\"messageDirection\":\"IN\",\"stage\":\"local\",\"connectedAt\":" + (now - 1000) + ","
        + "\"requestTimeEpoch\":" + now + ",\"identity\":{\"sourceIp\":\"127.0.0.1\"},\"requestId\":\"r" + i + "\","
        + "\"domainName\":\"127.0.0.1\",\"connectionId\":\"" + connectionId + "\",\"apiId\":\"bench\"},"
        + "\"body\":\"" + body + "\",\"isBase64Encoded\":false}";
  }

  private static String handle(DefaultHandler handler, String event) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static String ms(long micros) {
    return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
  }

  private static String ms2(long micros) {
    return String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0);
  }

  private static String peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(java.util.Locale.ROOT, "%.0f", kb / 1024.0);
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return "null";
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
