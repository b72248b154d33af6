package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on the local stack: the runtime's counters move with what a real client
 * ({@code io.socket:socket.io-client}) does: a connection, events, an ack, a disconnection.
 */
class MetricsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    // the sockets gauge counts on every heartbeat tick here (on AWS every 5 minutes by default)
    stack = LocalStack.start(LocalOptions.defaults().withPort(0).withAppEnv("SOCKETIO_SOCKETS_GAUGE_MINUTES", "0"));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void countersFollowARealClient() throws Exception {
    JsonNode before = metrics();
    Socket s = connectedClient();
    try {
      CompletableFuture<Object> reply = new CompletableFuture<>();
      s.emit("message-with-ack", new Object[] {"hi"}, (Ack) args -> reply.complete(args[0]));
      assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("hi");
    } finally {
      s.close();
    }
    JsonNode after = waitFor("Disconnections", before.path("Disconnections").asLong() + 1);

    assertThat(delta(before, after, "Connections")).isGreaterThanOrEqualTo(1);
    assertThat(delta(before, after, "FramesIn")).isGreaterThanOrEqualTo(2); // CONNECT and the event
    assertThat(delta(before, after, "EventsIn")).isGreaterThanOrEqualTo(1);
    assertThat(delta(before, after, "DynamoDbRequests")).isGreaterThan(0);
    assertThat(delta(before, after, "Disconnections")).isGreaterThanOrEqualTo(1);
  }

  /** The local heartbeat's events carry their scheduled time, as EventBridge's do: its lag is measured. */
  @Test
  void theHeartbeatLagIsShownAsOnAws() throws Exception {
    JsonNode m = metrics();
    for (int i = 0; i < 100 && !m.has("HeartbeatLag"); i++) {
      Thread.sleep(100);
      m = metrics();
    }

    assertThat(m.path("HeartbeatLag").isIntegralNumber()).as("%s", m).isTrue();
    assertThat(m.path("HeartbeatLag").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(m.path("HeartbeatLagMax").asLong()).isGreaterThanOrEqualTo(m.path("HeartbeatLag").asLong());
  }

  /** The heartbeat counts the sockets of each namespace; /metrics shows the last count, as the gauge lines on AWS. */
  @Test
  void socketsPerNamespaceFollowARealClient() throws Exception {
    Socket s = connectedClient();
    try {

      JsonNode whileConnected = waitForSockets("/", n -> n >= 1);
      assertThat(whileConnected.path("Sockets").path("/").asLong()).as("%s", whileConnected).isGreaterThanOrEqualTo(1);
    } finally {
      s.close();
    }
    JsonNode afterClose = waitForSockets("/", n -> n == 0);
    assertThat(afterClose.path("Sockets").path("/").asLong()).as("%s", afterClose).isZero();
  }

  @Test
  void onlyGetIsServed() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(metricsUri())
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("GET only");
  }

  private static long delta(JsonNode before, JsonNode after, String name) {
    return after.path(name).asLong() - before.path(name).asLong();
  }

  /** The counters once {@code name} has reached {@code atLeast} ($disconnect runs after the close); bounded. */
  private static JsonNode waitFor(String name, long atLeast) throws Exception {
    JsonNode m = metrics();
    for (int i = 0; i < 100 && m.path(name).asLong() < atLeast; i++) {
      Thread.sleep(100);
      m = metrics();
    }
    return m;
  }

  /** The metrics once the heartbeat's count of {@code namespace} satisfies {@code until}; bounded (30 s: a tick may be slow on a loaded machine). */
  private static JsonNode waitForSockets(String namespace, java.util.function.LongPredicate until) throws Exception {
    JsonNode m = metrics();
    for (int i = 0; i < 300 && !(m.path("Sockets").has(namespace) && until.test(m.path("Sockets").path(namespace)
        .asLong())); i++) {
      Thread.sleep(100);
      m = metrics();
    }
    return m;
  }

  /** A real Java client connected over WebSocket (bounded wait: 10 s). */
  private static Socket connectedClient() throws Exception {
    Socket s = IO.socket(URI.create("http://127.0.0.1:" + stack.port()),
        IO.Options.builder().setTransports(new String[] {WebSocket.NAME}).setReconnection(false).build());
    CompletableFuture<Boolean> connected = new CompletableFuture<>();
    s.once(Socket.EVENT_CONNECT, a -> connected.complete(true));
    s.connect();
    try {
      assertThat(connected.get(10, TimeUnit.SECONDS)).isTrue();
    } catch (Exception | AssertionError e) {
      s.close();
      throw e;
    }
    return s;
  }

  private static JsonNode metrics() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(metricsUri()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    return JSON.readTree(r.body());
  }

  private static URI metricsUri() {
    return URI.create("http://127.0.0.1:" + stack.port() + "/metrics");
  }
}
