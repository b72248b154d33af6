package dev.socketiolambda.local.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.socketiolambda.functions.testing.EventFixtures;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import dev.socketiolambda.local.fanout.ElasticMq;
import dev.socketiolambda.protocol.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The minimized jar every function runs ({@code functions/target/socketio-functions-min.jar}, built
 * by {@code mvn package}) does real work in each role, loaded alone in a class loader over the
 * platform's, as Lambda loads a function's code: against DynamoDB Local, ElasticMQ
 * (SQS) and one in-process HTTP server that stands in for the management API, Lambda's
 * {@code Invoke} and Secrets Manager. One runtime of it runs $connect (signed async invoke of the open
 * step), the open step (open packet posted), $default (namespace connect, joins, a room broadcast
 * that goes to SQS as shards through the signed {@code SendMessageBatch}), a secret read, the heartbeat,
 * the SnapStart priming hook, a long-polling handshake and $disconnect; another, as the fan-out function,
 * delivers those SQS messages through the broadcasts' poster (signed requests on the JDK's HTTP client).
 * A class the minimizer dropped fails here, not on Lambda.
 */
class RoleJarsIT {
  private static final Path FUNCTIONS = Path.of("..", "functions", "target");
  private static final String TABLE = "rolejars";
  private static final String OPEN_FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:open:live";
  private static EmbeddedDynamoDb dynamo;
  private static ElasticMq elasticMq;
  private static SqsClient sqs;
  private static HttpServer aws;
  private static final List<String> requests = new CopyOnWriteArrayList<>(); // "<method> <path> <target> <body>"
  private static String queueUrl;
  private static final List<String> scopes = new CopyOnWriteArrayList<>(); // signing scope of each @connections call

  @BeforeAll
  static void start() throws Exception {
    dynamo = EmbeddedDynamoDb.start(0);
    LocalStack.createTablesIfAbsent(dynamo.client(), TABLE);
    elasticMq = ElasticMq.start();
    sqs = elasticMq.client();
    queueUrl = sqs.createQueue(b -> b.queueName("rolejars")).queueUrl();
    aws = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    aws.createContext("/", exchange -> {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " " + target + " " + body);
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (exchange.getRequestURI().getRawPath().contains("/@connections/")) {
        scopes.add(authorization == null ? "unsigned" : authorization.replaceAll(".*Credential=[^/]+/\\d+/([^,]+),.*", "$1"));
      }
      String path = exchange.getRequestURI().getRawPath();
      byte[] answer = "secretsmanager.GetSecretValue".equals(target)
          ? "{\"ARN\":\"arn\",\"SecretString\":\"s3cr3t-value\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
      int status = path.endsWith("/invocations") ? 202 : 200;
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    aws.start();
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.endpointUrlLambda");
    if (aws != null) {
      aws.stop(0);
    }
    if (elasticMq != null) {
      elasticMq.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void eachHandlerWorksFromItsOwnJarAlone() throws Exception {
    String endpoint = "http://127.0.0.1:" + aws.getAddress().getPort();
    System.setProperty("aws.endpointUrlLambda", endpoint); // the open step's invoke, as the SDK took it
    List<String> ids = List.of("rjA=", "rjB=", "rjC=");
    try (JarRuntime socket = new JarRuntime(jar(), endpoint, true)) {
      for (String id : ids) {
        assertThat(socket.handle("ConnectHandler", EventFixtures.connect(id).json()).path("statusCode").asInt())
            .isEqualTo(200);
        assertThat(requests).anyMatch(r -> r.startsWith("POST /2015-03-31/functions/"
            + OPEN_FUNCTION.replace(":", "%3A") + "/invocations") && r.endsWith("{\"connectionId\":\"" + id + "\"}"));
        socket.handle("OpenHandler", EventFixtures.open(id));
        assertThat(requests).anyMatch(r -> r.startsWith("POST /prod/@connections/" + id.replace("=", "%3D") + " ")
            && r.contains(" 0{\"sid\""));
        JsonNode connected = socket.handle("DefaultHandler", EventFixtures.message(id, "40").json());
        assertThat(connected.path("body").asText().startsWith("40{\"sid\"")
            || requests.stream().anyMatch(r -> r.contains(" 40{\"sid\""))).as("the namespace CONNECT reply").isTrue();
        socket.handle("DefaultHandler", EventFixtures.message(id, "42[\"join\",\"room-1\"]").json());
      }
      assertThat(item("C#" + ids.get(0), "#conn")).isNotEmpty();
      // a broadcast to the room from A: above the shard threshold (1), so its recipients go to SQS as shards
      socket.handle("DefaultHandler", EventFixtures.message(ids.get(0), "42[\"to-room\",\"room-1\",\"hi\"]").json());
      // a bundle secret given by ARN: the signed GetSecretValue
      assertThat(socket.readSecret(endpoint)).isEqualTo("s3cr3t-value");
      socket.handle("HeartbeatHandler", EventFixtures.scheduled(Instant.now()));
      // SnapStart's hook, registered with org.crac's global context and run as before a snapshot
      assertThat(socket.prime()).contains("dynamoRequests=").doesNotContain("dynamoRequests=0,");
      assertThat(socket.pollingHandshake()).startsWith("200 0{\"sid\"");
      socket.handle("DisconnectHandler", EventFixtures.disconnect(ids.get(0)).json());
      assertThat(item("C#" + ids.get(0), "#conn")).isEmpty();
    }

    List<Message> shards = receiveAll();
    assertThat(shards).isNotEmpty();
    requests.clear();
    try (JarRuntime fanout = new JarRuntime(jar(), endpoint, false)) {
      var records = Json.array();
      shards.forEach(m -> records.add(Json.object().put("messageId", m.messageId()).put("body", m.body())));
      JsonNode reply = fanout.handle("FanOutHandler", Json.write(Json.object().set("Records", records)));
      assertThat(reply.path("batchItemFailures")).isEmpty();
    }
    for (String id : ids.subList(1, 3)) { // B and C got the room message through the poster; A, the sender, did not
      assertThat(requests).anyMatch(r -> r.startsWith("POST /prod/@connections/" + id.replace("=", "%3D") + " ")
          && r.contains("42[\"room-message\",\"hi\"]"));
    }
    assertThat(requests).noneMatch(r -> r.startsWith("POST /prod/@connections/" + ids.get(0).replace("=", "%3D")));
    // every management API call of both runtimes (the blocking client's and the poster's) is signed for execute-api
    assertThat(scopes).isNotEmpty().allMatch("us-east-1/execute-api/aws4_request"::equals);
  }

  private static Path jar() {
    Path jar = FUNCTIONS.resolve("socketio-functions-min.jar");
    assertThat(jar).as("built by mvn package in functions").exists();
    return jar;
  }

  private static Map<String, AttributeValue> item(String pk, String sk) {
    return dynamo.client().getItem(b -> b.tableName(TABLE).consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
  }

  private static List<Message> receiveAll() {
    List<Message> all = new ArrayList<>();
    for (int empty = 0; empty < 2; ) {
      List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
          .messages();
      all.addAll(batch);
      empty = batch.isEmpty() ? empty + 1 : 0;
    }
    return all;
  }

  /** One jar in its own class loader (platform parent), its runtime built as the handlers' no-argument constructors do. */
  private static final class JarRuntime implements AutoCloseable {
    private final URLClassLoader loader;
    private final Object runtime;
    private final Class<?> runtimeType;

    JarRuntime(Path jar, String endpoint, boolean socketFunctions) throws Exception {
      loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> settingsType = type("dev.socketiolambda.functions.handler.Settings");
      Class<?> builderType = type("dev.socketiolambda.functions.handler.RuntimeBuilder");
      runtimeType = type("dev.socketiolambda.functions.handler.Runtime");
      Map<String, String> env = new LinkedHashMap<>(Map.of("SOCKETIO_APP", "dev.socketiolambda.functions.apps.DemoApp",
          "SOCKETIO_TABLE", TABLE, "AWS_REGION", "us-east-1",
          "DYNAMODB_ENDPOINT", dynamo.endpoint().toString(),
          "SOCKETIO_MANAGEMENT_ENDPOINT", endpoint + "/prod"));
      if (socketFunctions) {
        env.put("SOCKETIO_OPEN_FUNCTION", OPEN_FUNCTION);
        env.put("SOCKETIO_FANOUT_QUEUE_URL", queueUrl);
      }
      Object settings = settingsType.getMethod("from", Map.class).invoke(null, env);
      Object builder = builderType.getMethod("of", settingsType).invoke(null, settings);
      builderType.getMethod("credentials", type("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider"))
          .invoke(builder, credentials());
      Class<?> fanOutSettings = type("dev.socketiolambda.functions.fanout.FanOutSettings");
      Object shards = fanOutSettings.getMethod("withShards", int.class, int.class)
          .invoke(fanOutSettings.getField("DEFAULT").get(null), 1, 1);
      builderType.getMethod("fanOutSettings", fanOutSettings).invoke(builder, shards);
      runtime = builderType.getMethod("build").invoke(builder);
    }

    /** Runs one event through a new handler of that name (over this runtime); the handler's output as JSON. */
    JsonNode handle(String handler, String event) throws Exception {
      Class<?> type = type("dev.socketiolambda.functions.handler." + handler);
      Object instance = handler.equals("FanOutHandler")
          ? type.getConstructor(type("dev.socketiolambda.functions.fanout.FanOut"))
              .newInstance(runtimeType.getMethod("fanOut").invoke(runtime))
          : type.getConstructor(runtimeType).newInstance(runtime);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        type.getMethod("handleRequest", InputStream.class, OutputStream.class,
            type("com.amazonaws.services.lambda.runtime.Context"))
            .invoke(instance, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
      } catch (InvocationTargetException e) {
        throw new AssertionError(handler + " failed in its jar", e.getCause());
      }
      String text = out.toString(StandardCharsets.UTF_8);
      return text.isBlank() ? Json.object() : Json.parse(text);
    }

    /** Registers the SnapStart priming hook with org.crac as the socket handlers do, then runs it: its report. */
    String prime() throws Exception {
      Class<?> priming = type("dev.socketiolambda.functions.snapstart.SnapStartPriming");
      Object hook = priming.getMethod("register", runtimeType).invoke(null, runtime);
      return priming.getMethod("prime").invoke(hook).toString();
    }

    /** A long-polling handshake (GET ?EIO=4&transport=polling) through PollingHandler: "<status> <body>". */
    String pollingHandshake() throws Exception {
      Class<?> eventType = type("com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent");
      Object event = eventType.getConstructor().newInstance();
      eventType.getMethod("setQueryStringParameters", Map.class).invoke(event, Map.of("EIO", "4", "transport", "polling"));
      eventType.getMethod("setHeaders", Map.class).invoke(event, Map.of("host", "127.0.0.1"));
      Class<?> handler = type("dev.socketiolambda.functions.polling.PollingHandler");
      Object response = handler.getMethod("handleRequest", eventType, type("com.amazonaws.services.lambda.runtime.Context"))
          .invoke(handler.getConstructor(runtimeType).newInstance(runtime), event, null);
      return response.getClass().getMethod("getStatusCode").invoke(response) + " "
          + response.getClass().getMethod("getBody").invoke(response);
    }

    String readSecret(String endpoint) throws Exception {
      Object reader = type("dev.socketiolambda.functions.secrets.SecretsManagerReader").getMethod("create",
          type("software.amazon.awssdk.http.SdkHttpClient"), type("software.amazon.awssdk.regions.Region"),
          type("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider"), URI.class).invoke(null,
          type("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient").getMethod("create").invoke(null),
          type("software.amazon.awssdk.regions.Region").getMethod("of", String.class).invoke(null, "us-east-1"),
          credentials(), URI.create(endpoint));
      return (String) reader.getClass().getMethod("read", String.class).invoke(reader, "arn:secret");
    }

    private Object credentials() throws Exception {
      Object basic = type("software.amazon.awssdk.auth.credentials.AwsBasicCredentials")
          .getMethod("create", String.class, String.class).invoke(null, "local", "local");
      return type("software.amazon.awssdk.auth.credentials.StaticCredentialsProvider")
          .getMethod("create", type("software.amazon.awssdk.auth.credentials.AwsCredentials")).invoke(null, basic);
    }

    private Class<?> type(String name) throws ClassNotFoundException {
      return Class.forName(name, true, loader);
    }

    @Override
    public void close() throws Exception {
      loader.close();
    }
  }
}
