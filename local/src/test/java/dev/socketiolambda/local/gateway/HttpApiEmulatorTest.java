package dev.socketiolambda.local.gateway;

import static dev.socketiolambda.local.gateway.GatewayTestSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.local.gateway.GatewayTestSupport.RecordingFunction;
import dev.socketiolambda.local.gateway.GatewayTestSupport.TestClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API side of the emulator over real HTTP (JDK {@code HttpClient}): events compared with
 * fixtures written from the AWS documentation's payload format 2.0 example ("Working with AWS
 * Lambda proxy integrations for HTTP APIs"; its {@code authentication} block, present only with
 * mutual TLS, and {@code stageVariables}, absent without stage variables, are left out), and
 * answers mapped as API Gateway maps them.
 */
class HttpApiEmulatorTest {
  /** Headers API Gateway adds or passes on that the fixtures leave out (their values vary). */
  private static final Set<String> ADDED_HEADERS = Set.of("host", "content-length", "user-agent", "x-forwarded-for",
      "x-forwarded-port", "x-forwarded-proto", "x-amzn-trace-id");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private WebSocketGatewayEmulator emulator;

  @AfterEach
  void close() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private WebSocketGatewayEmulator start(HttpApiEmulator api) {
    emulator = WebSocketGatewayEmulator.builder().httpHandler(api).maxHttpBodyBytes(64 * 1024)
        .defaultFunction(e -> "{\"statusCode\":200,\"body\":\"pong\"}").build().start();
    return emulator;
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + emulator.port() + pathAndQuery);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  private static JsonNode fixture(String name) throws Exception {
    try (InputStream in = HttpApiEmulatorTest.class.getResourceAsStream("/http-api/" + name)) {
      return JSON.readTree(in);
    }
  }

  /** The event with what varies per request set to the fixture's values, after checking its form. */
  private JsonNode normalized(JsonNode event, JsonNode fixture) {
    ObjectNode copy = event.deepCopy();
    ObjectNode ctx = (ObjectNode) copy.get("requestContext");
    ObjectNode expectedCtx = (ObjectNode) fixture.get("requestContext");
    assertThat(ctx.get("requestId").asText()).isNotBlank();
    assertThat(ctx.get("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
    assertThat(ctx.get("timeEpoch").isIntegralNumber()).isTrue();
    assertThat(ctx.get("domainName").asText()).isEqualTo("127.0.0.1:" + emulator.port());
    assertThat(ctx.get("domainPrefix").asText()).isEqualTo("127");
    assertThat(ctx.at("/http/sourceIp").asText()).isEqualTo("127.0.0.1");
    for (String field : List.of("requestId", "time", "timeEpoch", "domainName", "domainPrefix")) {
      ctx.set(field, expectedCtx.get(field));
    }
    ((ObjectNode) ctx.get("http")).set("sourceIp", expectedCtx.at("/http/sourceIp"));
    ObjectNode headers = (ObjectNode) copy.get("headers");
    assertThat(headers.get("x-forwarded-port").asText()).isEqualTo(String.valueOf(emulator.port()));
    assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
    assertThat(headers.get("x-amzn-trace-id").asText()).startsWith("Root=1-");
    for (Iterator<String> names = headers.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fixture.get("headers").has(name)) {
        assertThat(ADDED_HEADERS).as("header %s", name).contains(name);
        names.remove();
      }
    }
    return copy;
  }

  @Test
  void defaultRouteEventMatchesTheDocumentationExample() throws Exception {
    RecordingFunction fn = RecordingFunction.ok();
    start(HttpApiEmulator.builder().apiId("api-id").accountId("123456789012")
        .jwtAuthorizer(token -> {
          if (!token.equals("good")) {
            throw new IllegalArgumentException("bad signature");
          }
          return Map.of("claim1", "value1", "claim2", "value2", "scope", "scope1 scope2");
        })
        .protectedRoute("$default", fn).build());
    HttpResponse<String> r = send(HttpRequest.newBuilder(
            uri("/my/path?parameter1=value1&parameter1=value2&parameter2=value"))
        .header("header1", "value1").header("header2", "value1").header("header2", "value2")
        .header("Cookie", "cookie1; cookie2").header("User-Agent", "agent").header("authorization", "Bearer good")
        .POST(BodyPublishers.ofString("Hello from Lambda")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode event = fn.next();
    JsonNode fixture = fixture("doc-example-default-route.json");
    ObjectNode headers = (ObjectNode) event.get("headers");
    assertThat(headers.get("authorization").asText()).isEqualTo("Bearer good");
    headers.remove("authorization");
    assertThat(normalized(event, fixture)).isEqualTo(fixture);
  }

  @Test
  void routeEventCarriesPathParametersAndLeavesOutWhatTheRequestLacks() throws Exception {
    RecordingFunction fn = RecordingFunction.ok();
    start(HttpApiEmulator.builder().apiId("api-id").accountId("123456789012")
        .route("GET /items/{id}", fn).route("ANY /items/{proxy+}", RecordingFunction.ok()).build());
    send(HttpRequest.newBuilder(uri("/items/a%20b?view=full")).header("accept", "application/json")
        .header("user-agent", "agent").GET());
    JsonNode fixture = fixture("route-with-path-parameters.json");
    assertThat(normalized(fn.next(), fixture)).isEqualTo(fixture);
  }

  @Test
  void binaryBodiesArriveBase64Encoded() throws Exception {
    RecordingFunction fn = RecordingFunction.ok();
    start(HttpApiEmulator.builder().apiId("api-id").accountId("123456789012").route("POST /upload", fn).build());
    send(HttpRequest.newBuilder(uri("/upload")).header("content-type", "application/octet-stream")
        .header("user-agent", "agent").POST(BodyPublishers.ofByteArray(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff})));
    JsonNode fixture = fixture("binary-body.json");
    assertThat(normalized(fn.next(), fixture)).isEqualTo(fixture);
  }

  @Test
  void answersAreMappedAsApiGatewayMapsThem() throws Exception {
    start(HttpApiEmulator.builder()
        .route("GET /full", e -> "{\"statusCode\":201,\"headers\":{\"X-Kind\":\"full\",\"content-type\":\"image/png\"},"
            + "\"cookies\":[\"a=1; HttpOnly\",\"b=2\"],\"body\":\"iVBORw==\",\"isBase64Encoded\":true}")
        .route("GET /object", e -> "{\"message\":\"Hello from Lambda!\"}")
        .route("GET /string", e -> "\"Hello from Lambda!\"")
        .route("GET /fails", e -> {
          throw new IllegalStateException("boom (expected by the test)");
        })
        .route("GET /garbage", e -> "not json")
        .build());
    HttpResponse<byte[]> full = http.send(HttpRequest.newBuilder(uri("/full")).build(), BodyHandlers.ofByteArray());
    assertThat(full.statusCode()).isEqualTo(201);
    assertThat(full.headers().firstValue("x-kind")).contains("full");
    assertThat(full.headers().allValues("set-cookie")).containsExactly("a=1; HttpOnly", "b=2");
    assertThat(full.body()).containsExactly(0x89, 'P', 'N', 'G');

    HttpResponse<String> object = send(HttpRequest.newBuilder(uri("/object")));
    assertThat(object.statusCode()).isEqualTo(200);
    assertThat(object.headers().firstValue("content-type")).contains("application/json");
    assertThat(JSON.readTree(object.body()).get("message").asText()).isEqualTo("Hello from Lambda!");
    assertThat(send(HttpRequest.newBuilder(uri("/string"))).body()).isEqualTo("Hello from Lambda!");

    HttpResponse<String> fails = send(HttpRequest.newBuilder(uri("/fails")));
    assertThat(fails.statusCode()).isEqualTo(500);
    assertThat(fails.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    assertThat(send(HttpRequest.newBuilder(uri("/garbage"))).statusCode()).isEqualTo(500);
  }

  @Test
  void gatewayErrorsComeBeforeTheFunction() throws Exception {
    RecordingFunction fn = RecordingFunction.ok();
    start(HttpApiEmulator.builder().jwtAuthorizer(token -> Map.of("sub", "u1", "roles", List.of("admin", "ops")))
        .protectedRoute("GET /me", fn).route("POST /big", fn).build());
    HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/nothing")));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"message\":\"Not Found\"}");
    HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(uri("/me")).DELETE());
    assertThat(wrongMethod.statusCode()).isEqualTo(404);

    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/me")));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).isEqualTo("{\"message\":\"Unauthorized\"}");

    HttpResponse<String> big = send(HttpRequest.newBuilder(uri("/big"))
        .POST(BodyPublishers.ofByteArray(new byte[64 * 1024 + 1])));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(fn.events).isEmpty();

    assertThat(send(HttpRequest.newBuilder(uri("/me")).header("Authorization", "Bearer t")).statusCode())
        .isEqualTo(200);
    JsonNode claims = fn.next().at("/requestContext/authorizer/jwt/claims");
    assertThat(claims.get("sub").asText()).isEqualTo("u1");
    assertThat(claims.get("roles").asText()).isEqualTo("[admin ops]");
  }

  @Test
  void webSocketAndHttpShareThePort() throws Exception {
    start(HttpApiEmulator.builder().route("GET /health", e -> "{\"ok\":true}").build());
    TestClient client = TestClient.connect(emulator.websocketUrl() + "/?EIO=4&transport=websocket");
    client.send("ping");
    assertThat(client.nextMessage()).isEqualTo("pong");
    for (int i = 0; i < 3; i++) { // one kept-alive connection for several requests
      assertThat(send(HttpRequest.newBuilder(uri("/health"))).body()).isEqualTo("{\"ok\":true}");
    }
    client.send("ping");
    assertThat(client.nextMessage()).isEqualTo("pong");
    client.close();
  }

  @Test
  void handlersAreAskedInOrderAndAddedWhileServing() throws Exception {
    start(HttpApiEmulator.builder().route("GET /a", e -> "\"from routes\"").build());
    emulator.addHttpHandler(r -> r.rawPath().equals("/b") ? LocalHttpResponse.gatewayMessage(418, "teapot") : null);
    assertThat(send(HttpRequest.newBuilder(uri("/a"))).body()).isEqualTo("from routes");
    assertThat(send(HttpRequest.newBuilder(uri("/b"))).statusCode()).isEqualTo(404); // the API answered first
    WebSocketGatewayEmulator plain = WebSocketGatewayEmulator.builder().build().start();
    try {
      plain.addHttpHandler(r -> r.rawQuery().contains("transport=polling")
          ? LocalHttpResponse.gatewayMessage(200, "polling") : null);
      HttpResponse<String> polling = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + plain.port() + "/socket.io/?EIO=4&transport=polling")).build(),
          BodyHandlers.ofString());
      assertThat(polling.body()).isEqualTo("{\"message\":\"polling\"}");
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain.port() + "/x")).build(),
          BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    } finally {
      plain.close();
    }
  }

  @Test
  void recognisesWebSocketUpgradesOnly() {
    assertThat(SharedPortServer.isWebSocketUpgrade("GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade"))
        .isTrue();
    assertThat(SharedPortServer.isWebSocketUpgrade("GET / HTTP/1.1\r\nconnection: Upgrade\r\nupgrade: WebSocket"))
        .isTrue();
    assertThat(SharedPortServer.isWebSocketUpgrade("GET / HTTP/1.1\r\nUpgrade: h2c\r\nHTTP2-Settings: x")).isFalse();
    assertThat(SharedPortServer.isWebSocketUpgrade("GET /?upgrade=websocket HTTP/1.1\r\nHost: x")).isFalse();
  }
}
