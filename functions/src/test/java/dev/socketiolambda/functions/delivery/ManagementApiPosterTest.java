package dev.socketiolambda.functions.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.socketiolambda.functions.aws.SigV4;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The broadcasts' poster against a real HTTP server standing in for {@code @connections}: signed
 * requests, many in flight up to the bound, and each error answer translated as the SDK client's
 * exception for it was ({@link ManagementApiErrors}).
 */
class ManagementApiPosterTest {
  private static final SigV4 SIGNER = new SigV4(StaticCredentialsProvider.create(
      AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token")), Region.EU_WEST_1);

  private HttpServer server;
  private ExecutorService serverThreads;
  private final Map<String, String> received = new ConcurrentHashMap<>();
  private final Map<String, Map<String, List<String>>> headers = new ConcurrentHashMap<>();
  private final List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::answer);
    serverThreads = Executors.newFixedThreadPool(32);
    server.setExecutor(serverThreads);
    server.start();
  }

  @AfterEach
  void stop() {
    hold.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private void answer(HttpExchange exchange) throws IOException {
    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      hold.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    inFlight.decrementAndGet();
    String path = exchange.getRequestURI().getPath(); // decoded
    String id = path.substring(path.lastIndexOf('/') + 1);
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    methods.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
    headers.put(id, Map.copyOf(exchange.getRequestHeaders()));
    switch (id.replaceAll("[^a-z]", "")) {
      case "gone" -> error(exchange, 410, "GoneException", null);
      case "busy" -> error(exchange, 429, "LimitExceededException", "Rate exceeded");
      case "big" -> error(exchange, 413, "PayloadTooLargeException", "Message too long");
      case "denied" -> error(exchange, 403, "ForbiddenException", "Forbidden");
      case "broken" -> error(exchange, 503, null, "<html>unavailable</html>");
      default -> {
        received.put(id, body);
        exchange.sendResponseHeaders(200, -1);
      }
    }
    exchange.close();
  }

  private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
    byte[] body = (message != null && message.startsWith("<") ? message
        : "{\"message\":" + (message == null ? "null" : "\"" + message + "\"") + "}").getBytes(StandardCharsets.UTF_8);
    if (type != null) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/");
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private ManagementApiPoster poster(int maxConcurrency) {
    return poster("http://127.0.0.1:" + server.getAddress().getPort() + "/stage", maxConcurrency);
  }

  private static ManagementApiPoster poster(String endpoint, int maxConcurrency) {
    return new ManagementApiPoster(endpoint, SIGNER, maxConcurrency, Duration.ofSeconds(5));
  }

  @Test
  void postsSignedFramesToTheConnectionsPath() throws Exception {
    try (ManagementApiPoster poster = poster(4)) {
      poster.send("AbC-d1=", "42[\"n\",\"é\"]").get(10, TimeUnit.SECONDS);
    }
    assertThat(received).containsExactly(Map.entry("AbC-d1=", "42[\"n\",\"é\"]"));
    assertThat(methods).containsExactly("POST /stage/@connections/AbC-d1%3D");
    Map<String, List<String>> h = headers.get("AbC-d1=");
    assertThat(h.get("Authorization")).singleElement().asString()
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/eu-west-1/execute-api/aws4_request", "SignedHeaders=", "host", "x-amz-date", "Signature=");
    assertThat(h.get("X-amz-date")).singleElement().asString().matches("\\d{8}T\\d{6}Z");
    assertThat(h.get("X-amz-security-token")).containsExactly("session-token");
    assertThat(h.get("Content-type")).containsExactly("application/json");
    assertThat(h.get("Authorization")).singleElement().asString().contains("content-length;content-type;host;");
  }

  @Test
  void keepsAtMostMaxConcurrencyInFlightAndDeliversEveryFrame() throws Exception {
    hold = new CountDownLatch(1);
    List<CompletableFuture<Void>> posts = new ArrayList<>();
    try (ManagementApiPoster poster = poster(4)) {
      for (int i = 0; i < 40; i++) {
        posts.add(poster.send("c" + i, "42[\"n\"," + i + "]"));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (inFlight.get() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(posts).noneMatch(CompletableFuture::isDone);
      hold.countDown();
      CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
    assertThat(most.get()).isEqualTo(4);
    assertThat(received).hasSize(40).containsEntry("c7", "42[\"n\",7]").containsEntry("c39", "42[\"n\",39]");
  }

  @Test
  void errorAnswersAreTranslatedAsTheSdkClientsExceptionsWere() throws Exception {
    try (ManagementApiPoster poster = poster(8)) {
      assertThat(failure(poster, "gone")).isInstanceOf(ConnectionGoneException.class);
      assertThat(failure(poster, "big")).isInstanceOfSatisfying(MessageTooLargeException.class,
          e -> assertThat(e.statusCode()).isEqualTo(413));
      assertThat(failure(poster, "busy")).isExactlyInstanceOf(GatewayException.class)
          .hasMessageContaining("429: Rate exceeded").extracting(e -> ((GatewayException) e).statusCode())
          .isEqualTo(429);
      assertThat(failure(poster, "denied")).isExactlyInstanceOf(GatewayException.class)
          .extracting(e -> ((GatewayException) e).statusCode()).isEqualTo(403);
      assertThat(failure(poster, "broken")).isExactlyInstanceOf(GatewayException.class)
          .extracting(e -> ((GatewayException) e).statusCode()).isEqualTo(503);
      // the one retry policy reads them as before: 429 and 5xx again, 410, 413 and 403 not
      assertThat(RetryPolicy.retryable(failure(poster, "busy"))).isTrue();
      assertThat(RetryPolicy.retryable(failure(poster, "broken"))).isTrue();
      assertThat(RetryPolicy.retryable(failure(poster, "gone"))).isFalse();
      assertThat(RetryPolicy.retryable(failure(poster, "big"))).isFalse();
      assertThat(RetryPolicy.retryable(failure(poster, "denied"))).isFalse();
    }
    assertThat(received).isEmpty();
  }

  @Test
  void noAnswerIsStatusZeroAndRetryable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (ManagementApiPoster poster = poster("http://127.0.0.1:" + closed + "/stage", 2)) {
      Throwable refused = failure(poster, "c1");
      assertThat(refused).isExactlyInstanceOf(GatewayException.class);
      assertThat(((GatewayException) refused).statusCode()).isZero();
      assertThat(RetryPolicy.retryable(refused)).isTrue();
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    hold = new CountDownLatch(1);
    try (ManagementApiPoster poster = new ManagementApiPoster(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/stage", SIGNER, 2, Duration.ofMillis(300))) {
      Throwable timedOut = failure(poster, "c1");
      assertThat(timedOut).isExactlyInstanceOf(GatewayException.class);
      assertThat(((GatewayException) timedOut).statusCode()).isZero();
    }
  }

  @Test
  void throughDeliveryAGoneConnectionIsCleanedUpAndAThrottledOneRetried() {
    AtomicInteger busy = new AtomicInteger();
    List<String> gone = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ManagementApiPoster poster = poster(8)) {
      Transport counting = new Transport() {
        @Override
        public CompletableFuture<Void> send(String connectionId, String frame) {
          if (connectionId.equals("busy")) {
            busy.incrementAndGet();
          }
          return poster.send(connectionId, frame);
        }

        @Override
        public void close(String connectionId) {
          poster.close(connectionId);
        }
      };
      Delivery delivery = new Delivery(counting, new RetryPolicy(3, 1, 5), SizeLimits.API_GATEWAY,
          gone::add, System::currentTimeMillis);
      Tally tally = delivery.sendToAll(List.of("ok1", "gone", "busy", "ok2"), List.of("42[\"x\"]"), false, 4,
          delivery.deadlineIn(10_000), e -> { });
      assertThat(tally).isEqualTo(new Tally(4, 2, 1, 1));
    }
    assertThat(received).containsOnlyKeys("ok1", "ok2");
    assertThat(gone).containsExactly("gone");
    assertThat(busy.get()).isEqualTo(3);
  }

  @Test
  void closeDeletesTheConnectionAndAGoneOneIsNoError() {
    try (ManagementApiPoster poster = poster(2)) {
      poster.close("c1");
      poster.close("gone");
    }
    assertThat(methods).containsExactlyInAnyOrder("DELETE /stage/@connections/c1", "DELETE /stage/@connections/gone");
  }

  private static Throwable failure(ManagementApiPoster poster, String connectionId) {
    try {
      poster.send(connectionId, "x").get(10, TimeUnit.SECONDS);
      throw new AssertionError("no failure for " + connectionId);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
