package dev.socketiolambda.local.gateway;

import static dev.socketiolambda.local.gateway.GatewayTestSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.local.gateway.GatewayTestSupport.RecordingFunction;
import dev.socketiolambda.local.gateway.GatewayTestSupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketGatewayEmulatorTest {
  private static final String ID_PATTERN = "[A-Za-z0-9_-]{15}=";

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeEverything() {
    Collections.reverse(resources);
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private WebSocketGatewayEmulator start(Consumer<WebSocketGatewayEmulator.Builder> config) {
    WebSocketGatewayEmulator.Builder builder = WebSocketGatewayEmulator.builder();
    config.accept(builder);
    WebSocketGatewayEmulator emulator = builder.build();
    resources.add(emulator);
    return emulator.start();
  }

  private TestClient connect(WebSocketGatewayEmulator emulator) throws InterruptedException {
    return connect(emulator, "", Map.of());
  }

  /** Connects and waits until the emulator has marked the new connection open. */
  private TestClient connect(WebSocketGatewayEmulator emulator, String pathAndQuery,
      Map<String, String> headers) throws InterruptedException {
    int before = emulator.openConnectionIds().size();
    TestClient client = TestClient.connect(emulator.websocketUrl() + pathAndQuery, headers);
    resources.add(client::closeBlocking);
    awaitOpenConnections(emulator, before + 1);
    return client;
  }

  private ApiGatewayManagementApiClient sdk(WebSocketGatewayEmulator emulator) {
    ApiGatewayManagementApiClient client = GatewayTestSupport.sdkClient(emulator);
    resources.add(client);
    return client;
  }

  private static String echo(JsonNode event, String prefix) throws Exception {
    return JSON.writeValueAsString(Map.of(
        "statusCode", 200, "body", prefix + event.path("body").asText()));
  }

  private static void post(ApiGatewayManagementApiClient sdk, String connectionId, String data) {
    sdk.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(data)));
  }

  // ------------------------------------------------------------------ event shapes

  @Test
  void connectEventCarriesHeadersQueryAndRequestContext() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect).stage("dev").apiId("abc123"));
    long before = System.currentTimeMillis();

    connect(emulator, "/socket.io/?EIO=4&transport=websocket&tag=a&tag=b%20c",
        Map.of("User-Agent", "test-agent/1.0", "X-Custom", "custom-value"));

    JsonNode event = connect.next();
    assertThat(event.path("headers").path("X-Custom").asText()).isEqualTo("custom-value");
    assertThat(event.path("headers").path("User-Agent").asText()).isEqualTo("test-agent/1.0");
    assertThat(event.path("headers").path("Host").asText()).isEqualTo("127.0.0.1:" + emulator.port());
    assertThat(event.path("multiValueHeaders").path("X-Custom").get(0).asText()).isEqualTo("custom-value");
    assertThat(event.path("queryStringParameters").path("EIO").asText()).isEqualTo("4");
    assertThat(event.path("queryStringParameters").path("transport").asText()).isEqualTo("websocket");
    assertThat(event.path("queryStringParameters").path("tag").asText()).isEqualTo("b c");
    assertThat(event.path("multiValueQueryStringParameters").path("tag"))
        .extracting(JsonNode::asText).containsExactly("a", "b c");
    assertThat(event.path("isBase64Encoded").isBoolean()).isTrue();
    assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();

    JsonNode ctx = event.path("requestContext");
    assertThat(ctx.path("routeKey").asText()).isEqualTo("$connect");
    assertThat(ctx.path("eventType").asText()).isEqualTo("CONNECT");
    assertThat(ctx.path("messageDirection").asText()).isEqualTo("IN");
    assertThat(ctx.path("stage").asText()).isEqualTo("dev");
    assertThat(ctx.path("apiId").asText()).isEqualTo("abc123");
    assertThat(ctx.path("domainName").asText()).isEqualTo("127.0.0.1:" + emulator.port());
    assertThat(ctx.path("connectionId").asText()).matches(ID_PATTERN);
    assertThat(ctx.path("requestId").asText()).matches(ID_PATTERN);
    assertThat(ctx.path("extendedRequestId").asText()).matches(ID_PATTERN);
    assertThat(ctx.path("connectedAt").isIntegralNumber()).isTrue();
    assertThat(ctx.path("connectedAt").asLong()).isBetween(before, System.currentTimeMillis());
    assertThat(ctx.path("requestTimeEpoch").asLong()).isGreaterThanOrEqualTo(ctx.path("connectedAt").asLong());
    assertThat(ctx.path("requestTime").asText())
        .matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
    assertThat(ctx.path("identity").path("sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(ctx.path("identity").path("userAgent").asText()).isEqualTo("test-agent/1.0");
    assertThat(awaitOpenConnections(emulator, 1)).containsExactly(ctx.path("connectionId").asText());
  }

  @Test
  void connectEventWithoutQueryStringHasNoQueryParameters() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect));

    connect(emulator);

    JsonNode event = connect.next();
    assertThat(event.has("queryStringParameters")).isFalse();
    assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("local");
    assertThat(event.path("requestContext").path("apiId").asText()).isEqualTo("local");
  }

  @Test
  void defaultEventCarriesBodyAndMessageIdAndRouteResponseEchoes() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    RecordingFunction dflt = new RecordingFunction(e -> echo(e, "echo:"));
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect).defaultFunction(dflt));
    TestClient client = connect(emulator);
    String connectionId = connect.next().path("requestContext").path("connectionId").asText();

    client.send("42[\"hello\",\"wörld\"]");

    assertThat(client.nextMessage()).isEqualTo("echo:42[\"hello\",\"wörld\"]");
    JsonNode event = dflt.next();
    assertThat(event.path("body").asText()).isEqualTo("42[\"hello\",\"wörld\"]");
    assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    assertThat(event.has("headers")).isFalse();
    JsonNode ctx = event.path("requestContext");
    assertThat(ctx.path("routeKey").asText()).isEqualTo("$default");
    assertThat(ctx.path("eventType").asText()).isEqualTo("MESSAGE");
    assertThat(ctx.path("messageId").asText()).matches(ID_PATTERN);
    assertThat(ctx.path("connectionId").asText()).isEqualTo(connectionId);
    assertThat(ctx.path("domainName").asText()).isEqualTo(emulator.domainName());
    assertThat(ctx.path("stage").asText()).isEqualTo("local");
  }

  @Test
  void disconnectInvokedOnceOnClientCloseWithStatusCode() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    RecordingFunction disconnect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator =
        start(b -> b.connectFunction(connect).disconnectFunction(disconnect));
    TestClient client = connect(emulator);
    String connectionId = connect.next().path("requestContext").path("connectionId").asText();

    client.closeBlocking();

    JsonNode event = disconnect.next();
    JsonNode ctx = event.path("requestContext");
    assertThat(ctx.path("routeKey").asText()).isEqualTo("$disconnect");
    assertThat(ctx.path("eventType").asText()).isEqualTo("DISCONNECT");
    assertThat(ctx.path("connectionId").asText()).isEqualTo(connectionId);
    assertThat(ctx.path("disconnectStatusCode").asInt()).isEqualTo(1000);
    assertThat(ctx.has("disconnectReason")).isTrue();
    assertThat(event.path("headers").path("Host").asText()).isEqualTo(emulator.domainName());
    assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    Thread.sleep(200);
    assertThat(disconnect.events).as("no second $disconnect").isEmpty();
    assertThat(emulator.openConnectionIds()).isEmpty();
  }

  // ------------------------------------------------------------------ $connect

  @Test
  void connectRefusedWithTheFunctionsStatus() throws Exception {
    RecordingFunction disconnect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b
        .connectFunction(e -> "{\"statusCode\":401,\"body\":\"{\\\"message\\\":\\\"Unauthorized\\\"}\"}")
        .disconnectFunction(disconnect));

    String response = rawUpgrade(emulator.port(), "/?token=bad");

    assertThat(response).startsWith("HTTP/1.1 401 ");
    assertThat(response).endsWith("{\"message\":\"Unauthorized\"}");
    assertThat(response).doesNotContain("404").doesNotContain("101 Switching");
    assertThat(emulator.openConnectionIds()).isEmpty();
    Thread.sleep(200);
    assertThat(disconnect.events).as("no $disconnect for a refused connection").isEmpty();
  }

  @Test
  void connectRefusedWith500WhenTheFunctionThrows() throws Exception {
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(e -> {
      throw new IllegalStateException("boom (expected by the test)");
    }));

    HttpClient http = HttpClient.newHttpClient();
    assertThatThrownBy(() -> http.newWebSocketBuilder()
            .buildAsync(URI.create(emulator.websocketUrl() + "/any/path"), new WebSocket.Listener() {})
            .get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(500));
  }

  @Test
  void connectResponseHeadersReachTheUpgradeResponse() throws Exception {
    RecordingFunction connect = new RecordingFunction(e -> "{\"statusCode\":200,"
        + "\"headers\":{\"Sec-WebSocket-Protocol\":\"" + e.path("headers").path("Sec-WebSocket-Protocol").asText() + "\"}}");
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect));

    String head = rawUpgradeHead(emulator.port(), "/", "Sec-WebSocket-Protocol: chat\r\n");

    assertThat(head).startsWith("HTTP/1.1 101 ").containsIgnoringCase("Sec-WebSocket-Protocol: chat\r\n");
    assertThat(connect.next().path("headers").path("Sec-WebSocket-Protocol").asText()).isEqualTo("chat");
  }

  @Test
  void connectAcceptedWithoutConnectFunction() throws Exception {
    WebSocketGatewayEmulator emulator = start(b -> { });

    connect(emulator);

    assertThat(awaitOpenConnections(emulator, 1)).hasSize(1);
  }

  @Test
  void postDuringConnectIsGoneThenWorksOnceOpen() throws Exception {
    AtomicReference<WebSocketGatewayEmulator> self = new AtomicReference<>();
    AtomicReference<Throwable> duringConnect = new AtomicReference<>();
    RecordingFunction connect = new RecordingFunction(e -> {
      String id = e.path("requestContext").path("connectionId").asText();
      try (ApiGatewayManagementApiClient sdk = GatewayTestSupport.sdkClient(self.get())) {
        post(sdk, id, "too early");
      } catch (Throwable t) {
        duringConnect.set(t);
      }
      return "{\"statusCode\":200}";
    });
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect));
    self.set(emulator);

    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();

    assertThat(duringConnect.get()).isInstanceOf(GoneException.class);
    assertThat(((GoneException) duringConnect.get()).statusCode()).isEqualTo(410);
    post(sdk(emulator), id, "now");
    assertThat(client.nextMessage()).isEqualTo("now");
    assertThat(client.messages).isEmpty();
  }

  // ------------------------------------------------------------------ $default route response

  @Test
  void missingBodySendsAnEmptyFrame() throws Exception {
    WebSocketGatewayEmulator emulator = start(b -> b.defaultFunction(new RecordingFunction(e ->
        e.path("body").asText().equals("null") ? null : "{\"statusCode\":200}")));
    TestClient client = connect(emulator);

    client.send("no body please");
    client.send("null");

    assertThat(client.nextMessages(2)).containsExactly("", "");
  }

  @Test
  void functionFailureSendsInternalServerErrorFrame() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect).executorThreads(1)
        .defaultFunction(new RecordingFunction(e -> {
          if (e.path("body").asText().equals("2")) {
            throw new RuntimeException("handler bug (expected by the test)");
          }
          return echo(e, "after:");
        })));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();

    client.send("2");

    String frame = client.nextMessage();
    assertThat(frame).startsWith("{\"message\": \"Internal server error\", \"connectionId\":\"" + id + "\", \"requestId\":\"");
    JsonNode parsed = JSON.readTree(frame);
    assertThat(parsed.path("requestId").asText()).matches(ID_PATTERN);
    assertThat(client.isOpen()).as("API Gateway keeps the connection open").isTrue();
    client.send("3");
    assertThat(client.nextMessage()).as("the emulator's only thread survived").isEqualTo("after:3");
  }

  @Test
  void responsesIgnoredWithoutRouteResponse() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    RecordingFunction dflt = new RecordingFunction(e -> {
      if (e.path("body").asText().equals("fail")) {
        throw new RuntimeException("ignored failure (expected by the test)");
      }
      return echo(e, "echo:");
    });
    WebSocketGatewayEmulator emulator =
        start(b -> b.connectFunction(connect).defaultFunction(dflt).defaultRouteResponse(false));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();

    client.send("hello");
    client.send("fail");
    dflt.next();
    dflt.next();
    post(sdk(emulator), id, "marker");

    assertThat(client.nextMessage()).isEqualTo("marker");
  }

  @Test
  void withoutDefaultFunctionMessagesGetForbiddenFrame() throws Exception {
    WebSocketGatewayEmulator emulator = start(b -> { });
    TestClient client = connect(emulator);

    client.send("anything");

    assertThat(JSON.readTree(client.nextMessage()).path("message").asText()).isEqualTo("Forbidden");
  }

  @Test
  void defaultInvocationsRunInOrderOnePerConnectionAtATime() throws Exception {
    int clients = 4;
    int messages = 60;
    Map<String, List<String>> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    AtomicInteger maxInFlightPerConnection = new AtomicInteger();
    AtomicInteger globalInFlight = new AtomicInteger();
    AtomicInteger maxGlobalInFlight = new AtomicInteger();
    WebSocketGatewayEmulator emulator = start(b -> b.executorThreads(4).defaultFunction(new RecordingFunction(e -> {
      String id = e.path("requestContext").path("connectionId").asText();
      AtomicInteger mine = inFlight.computeIfAbsent(id, k -> new AtomicInteger());
      maxInFlightPerConnection.accumulateAndGet(mine.incrementAndGet(), Math::max);
      maxGlobalInFlight.accumulateAndGet(globalInFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        seen.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(e.path("body").asText());
        return echo(e, "");
      } finally {
        globalInFlight.decrementAndGet();
        mine.decrementAndGet();
      }
    })));
    List<TestClient> all = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      all.add(connect(emulator));
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      expected.add("m" + i);
    }

    for (int i = 0; i < messages; i++) {
      for (TestClient client : all) {
        client.send("m" + i);
      }
    }

    for (TestClient client : all) {
      assertThat(client.nextMessages(messages)).containsExactlyElementsOf(expected);
    }
    assertThat(seen).hasSize(clients);
    seen.values().forEach(bodies -> assertThat(bodies).containsExactlyElementsOf(expected));
    assertThat(maxInFlightPerConnection.get()).isEqualTo(1);
    assertThat(maxGlobalInFlight.get()).as("connections run in parallel").isGreaterThan(1);
  }

  // ------------------------------------------------------------------ management API via the SDK

  @Test
  void postToConnectionReachesTheClient() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();

    post(sdk(emulator), id, "42[\"news\",{\"text\":\"héllo ✓\"}]");

    assertThat(client.nextMessage()).isEqualTo("42[\"news\",{\"text\":\"héllo ✓\"}]");
  }

  @Test
  void postToUnknownConnectionThrowsGoneException() {
    WebSocketGatewayEmulator emulator = start(b -> { });

    assertThatThrownBy(() -> post(sdk(emulator), "AAAAAAAAAAAAAAA=", "x"))
        .isInstanceOfSatisfying(GoneException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(410);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("GoneException");
        });
  }

  @Test
  void postToClosedConnectionThrowsGoneException() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    RecordingFunction disconnect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator =
        start(b -> b.connectFunction(connect).disconnectFunction(disconnect));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();
    client.closeBlocking();
    disconnect.next();

    assertThatThrownBy(() -> post(sdk(emulator), id, "late")).isInstanceOf(GoneException.class);
  }

  @Test
  void postOverMaxMessageBytesThrowsPayloadTooLarge() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator =
        start(b -> b.connectFunction(connect).maxFrameBytes(512).maxMessageBytes(1024));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();
    ApiGatewayManagementApiClient sdk = sdk(emulator);

    assertThatThrownBy(() -> post(sdk, id, "x".repeat(1025)))
        .isInstanceOfSatisfying(PayloadTooLargeException.class,
            e -> assertThat(e.statusCode()).isEqualTo(413));
    post(sdk, id, "y".repeat(1024));
    assertThat(client.nextMessage()).hasSize(1024);
  }

  @Test
  void getConnectionReturnsTimesAndIdentity() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    RecordingFunction dflt = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect).defaultFunction(dflt));
    connect(emulator, "", Map.of("User-Agent", "agent-x"));
    JsonNode ctx = connect.next().path("requestContext");
    String id = ctx.path("connectionId").asText();

    GetConnectionResponse info = sdk(emulator).getConnection(b -> b.connectionId(id));

    assertThat(info.connectedAt()).isEqualTo(Instant.ofEpochMilli(ctx.path("connectedAt").asLong()));
    assertThat(info.lastActiveAt()).isAfterOrEqualTo(info.connectedAt());
    assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
    assertThat(info.identity().userAgent()).isEqualTo("agent-x");
    assertThatThrownBy(() -> sdk(emulator).getConnection(b -> b.connectionId("nope")))
        .isInstanceOf(GoneException.class);
  }

  @Test
  void deleteConnectionClosesTheClientAndInvokesDisconnect() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    RecordingFunction disconnect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator =
        start(b -> b.connectFunction(connect).disconnectFunction(disconnect));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();
    ApiGatewayManagementApiClient sdk = sdk(emulator);

    sdk.deleteConnection(b -> b.connectionId(id));

    assertThat(client.awaitCloseCode()).isEqualTo(1000);
    JsonNode ctx = disconnect.next().path("requestContext");
    assertThat(ctx.path("connectionId").asText()).isEqualTo(id);
    assertThat(ctx.path("disconnectStatusCode").asInt()).isEqualTo(1000);
    assertThatThrownBy(() -> sdk.deleteConnection(b -> b.connectionId(id)))
        .isInstanceOf(GoneException.class);
  }

  @Test
  void injectedFaultsReachTheSdkAsTypedExceptions() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect).managementFaults(
        (operation, connectionId) -> operation == ManagementFaults.Operation.GET_CONNECTION
            ? ManagementFaults.Fault.forbidden() : null));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();
    ApiGatewayManagementApiClient sdk = sdk(emulator);

    assertThatThrownBy(() -> sdk.getConnection(b -> b.connectionId(id)))
        .isInstanceOfSatisfying(ForbiddenException.class,
            e -> assertThat(e.statusCode()).isEqualTo(403));
    post(sdk, id, "still works");
    assertThat(client.nextMessage()).isEqualTo("still works");
  }

  @Test
  void faultsThatBlockRunOnWorkerThreadsAndDoNotHoldUpOtherCalls() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect).managementFaults(
        (operation, connectionId) -> {
          if (operation == ManagementFaults.Operation.POST_TO_CONNECTION) {
            release.await(); // a test's fault that waits for a signal
          }
          return null;
        }));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();
    ApiGatewayManagementApiClient sdk = sdk(emulator);
    AtomicReference<Throwable> postFailure = new AtomicReference<>();
    Thread poster = new Thread(() -> {
      try {
        post(sdk, id, "after the signal");
      } catch (Throwable t) {
        postFailure.set(t);
      }
    });
    poster.start();

    // the POST waits in the fault; a GET is still answered meanwhile
    assertThat(sdk.getConnection(b -> b.connectionId(id)).identity().sourceIp()).isEqualTo("127.0.0.1");
    assertThat(poster.isAlive()).isTrue();
    release.countDown();
    poster.join(10_000);

    assertThat(postFailure.get()).isNull();
    assertThat(client.nextMessage()).isEqualTo("after the signal");
  }

  @Test
  void pipelinedManagementRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    // the POST is delayed, the GET behind it is not: answers must still come POST first
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect)
        .managementFaults(new RandomFaults(200, 0, List.of(), 1)));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();
    String path = "/" + emulator.stage() + "/@connections/" + id;
    String requests = "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst"
        + "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"
        + "POST /" + emulator.stage() + "/@connections/unknown HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
        + "Connection: close\r\n\r\nx";
    String answers;
    try (Socket socket = new Socket("127.0.0.1", emulator.managementPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    List<String> statusLines = new ArrayList<>();
    java.util.regex.Matcher status = java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3} [A-Za-z ]+").matcher(answers);
    while (status.find()) {
      statusLines.add(status.group());
    }
    assertThat(statusLines).as(answers).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 410 Gone");
    assertThat(answers).contains("\"sourceIp\":\"127.0.0.1\"").contains("x-amzn-ErrorType: GoneException");
    assertThat(client.nextMessage()).isEqualTo("first");
  }

  @Test
  void managementApiAnswersGoneInApiGatewaysShapeWithOrWithoutStagePrefix() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect));
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + emulator.managementPort();

    HttpResponse<String> gone = http.send(
        HttpRequest.newBuilder(URI.create(emulator.managementEndpoint() + "/@connections/unknown"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> noStage = http.send(
        HttpRequest.newBuilder(URI.create(base + "/@connections/" + id.replace("=", "%3D")))
            .POST(HttpRequest.BodyPublishers.ofString("via no-stage path")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrongStage = http.send(
        HttpRequest.newBuilder(URI.create(base + "/prod/@connections/" + id))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(gone.headers().firstValue("x-amzn-ErrorType")).contains("GoneException");
    assertThat(gone.body()).isEqualTo("{\"message\":null}");
    assertThat(noStage.statusCode()).isEqualTo(200);
    assertThat(client.nextMessage()).isEqualTo("via no-stage path");
    assertThat(wrongStage.statusCode()).isEqualTo(403);
    assertThat(wrongStage.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
  }

  // ------------------------------------------------------------------ limits

  @Test
  void binaryFrameClosesWith1003() throws Exception {
    RecordingFunction disconnect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.disconnectFunction(disconnect));
    TestClient client = connect(emulator);

    client.send(new byte[] {1, 2, 3});

    assertThat(client.awaitCloseCode()).isEqualTo(1003);
    assertThat(disconnect.next().path("requestContext").path("disconnectStatusCode").asInt())
        .isEqualTo(1003);
  }

  @Test
  void textFrameOverMaxFrameBytesClosesWith1009() throws Exception {
    RecordingFunction dflt = new RecordingFunction(e -> echo(e, ""));
    WebSocketGatewayEmulator emulator = start(b -> b.defaultFunction(dflt));
    TestClient client = connect(emulator);

    client.send("é".repeat(16 * 1024)); // exactly 32 KB in UTF-8: allowed
    assertThat(client.nextMessage()).hasSize(16 * 1024);
    client.send("é".repeat(16 * 1024) + "x"); // 32 KB + 1 byte

    assertThat(client.awaitCloseCode()).isEqualTo(1009);
  }

  @Test
  void fragmentedMessageOverMaxMessageBytesClosesWith1009() throws Exception {
    RecordingFunction dflt = new RecordingFunction(e -> echo(e, ""));
    WebSocketGatewayEmulator emulator = start(b -> b.defaultFunction(dflt));
    TestClient client = connect(emulator);
    ByteBuffer piece = ByteBuffer.wrap("a".repeat(30 * 1024).getBytes(StandardCharsets.US_ASCII));

    // Java-WebSocket sends the first fragment as TEXT and the rest as CONTINUOUS by itself.
    // 3 x 30 KB = 90 KB: fragments under the frame limit, message under the message limit.
    client.sendFragmentedFrame(Opcode.TEXT, piece.duplicate(), false);
    client.sendFragmentedFrame(Opcode.TEXT, piece.duplicate(), false);
    client.sendFragmentedFrame(Opcode.TEXT, piece.duplicate(), true);
    assertThat(client.nextMessage()).hasSize(90 * 1024);
    // 5 x 30 KB = 150 KB > 128 KB.
    client.sendFragmentedFrame(Opcode.TEXT, piece.duplicate(), false);
    for (int i = 0; i < 3; i++) {
      client.sendFragmentedFrame(Opcode.TEXT, piece.duplicate(), false);
    }
    client.sendFragmentedFrame(Opcode.TEXT, piece.duplicate(), true);

    assertThat(client.awaitCloseCode()).isEqualTo(1009);
  }

  @Test
  void idleTimeoutClosesWith1001AndInvokesDisconnect() throws Exception {
    RecordingFunction connect = RecordingFunction.ok();
    RecordingFunction disconnect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = start(b -> b.connectFunction(connect)
        .disconnectFunction(disconnect).idleTimeout(Duration.ofMillis(300)));
    long start = System.nanoTime();
    TestClient client = connect(emulator);
    String id = connect.next().path("requestContext").path("connectionId").asText();

    assertThat(client.awaitCloseCode()).isEqualTo(1001);
    assertThat(client.closeReason.get()).isEqualTo("Going away");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
    JsonNode ctx = disconnect.next().path("requestContext");
    assertThat(ctx.path("connectionId").asText()).isEqualTo(id);
    assertThat(ctx.path("disconnectStatusCode").asInt()).isEqualTo(1001);
    assertThat(ctx.path("disconnectReason").asText()).isEqualTo("Going away");
  }

  @Test
  void clientFramesKeepAnIdleConnectionAliveUntilMaxDuration() throws Exception {
    WebSocketGatewayEmulator emulator = start(b -> b.defaultFunction(RecordingFunction.ok())
        .idleTimeout(Duration.ofMillis(400)).maxConnectionDuration(Duration.ofMillis(1500)));
    long start = System.nanoTime();
    TestClient client = connect(emulator);

    while (!client.closeCode.isDone() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
      try {
        client.send("keep-alive");
      } catch (WebsocketNotConnectedException closedMeanwhile) {
        break; // the server closed between the check and the send: how and when is asserted below
      }
      Thread.sleep(100);
    }

    assertThat(client.awaitCloseCode()).isEqualTo(1001);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1500);
  }

  // ------------------------------------------------------------------ lifecycle

  @Test
  void closeStopsEveryThreadAndClosesClients() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    RecordingFunction disconnect = RecordingFunction.ok();
    WebSocketGatewayEmulator emulator = WebSocketGatewayEmulator.builder()
        .defaultFunction(new RecordingFunction(e -> echo(e, ""))).disconnectFunction(disconnect).build().start();
    TestClient client = connect(emulator);
    client.send("warm up");
    client.nextMessage();
    post(sdk(emulator), awaitOpenConnections(emulator, 1).iterator().next(), "and the management pool");
    client.nextMessage();

    emulator.close();

    assertThat(client.awaitCloseCode()).isIn(1001, 1006);
    assertThat(disconnect.next().path("requestContext").path("disconnectStatusCode").asInt())
        .isEqualTo(1001);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<String> leaked;
    do {
      leaked = new ArrayList<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        String name = t.getName();
        boolean ours = name.startsWith("api-gateway-emulator-") || name.startsWith("WebSocketSelector-")
            || name.startsWith("WebSocketWorker-") || name.startsWith("HTTP-Dispatcher");
        if (ours && t.isAlive() && !before.contains(t)) {
          leaked.add(name);
        }
      }
      if (!leaked.isEmpty()) {
        Thread.sleep(50);
      }
    } while (!leaked.isEmpty() && System.nanoTime() < deadline);
    assertThat(leaked).as("threads left after close()").isEmpty();
    assertThatThrownBy(emulator::port).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startTwiceIsRefused() {
    WebSocketGatewayEmulator emulator = start(b -> { });

    assertThatThrownBy(emulator::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> WebSocketGatewayEmulator.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    assertThatThrownBy(() -> WebSocketGatewayEmulator.builder().stage("a/b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebSocketGatewayEmulator.builder().idleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebSocketGatewayEmulator.builder().maxFrameBytes(2048).maxMessageBytes(1024).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameBytes");
  }

  /**
   * The open connection ids once there are {@code n}: the client sees the 101 response a moment
   * before the server marks the connection open.
   */
  private static Set<String> awaitOpenConnections(WebSocketGatewayEmulator emulator, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Set<String> ids = emulator.openConnectionIds();
    while (ids.size() != n && System.nanoTime() < deadline) {
      Thread.sleep(5);
      ids = emulator.openConnectionIds();
    }
    return ids;
  }

  /** Sends an upgrade request by hand and reads the whole response until the server closes. */
  private static String rawUpgrade(int port, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      InputStream in = sendUpgrade(socket, port, path, "");
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int n; (n = in.read(buffer)) != -1; ) {
        response.write(buffer, 0, n);
      }
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  /** Sends an upgrade request by hand and reads the response head (status line and headers). */
  private static String rawUpgradeHead(int port, String path, String extraHeaders) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      InputStream in = sendUpgrade(socket, port, path, extraHeaders);
      StringBuilder head = new StringBuilder();
      while (head.indexOf("\r\n\r\n") < 0) {
        int b = in.read();
        if (b == -1) {
          break;
        }
        head.append((char) b);
      }
      return head.toString();
    }
  }

  private static InputStream sendUpgrade(Socket socket, int port, String path, String extraHeaders)
      throws Exception {
    socket.setSoTimeout(5000);
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket.getInputStream();
  }
}
