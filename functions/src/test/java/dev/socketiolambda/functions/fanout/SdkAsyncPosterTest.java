package dev.socketiolambda.functions.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The async management API poster against a stub {@code @connections} endpoint. */
class SdkAsyncPosterTest {
  private HttpServer server;
  private final Map<String, String> received = new ConcurrentHashMap<>();

  @BeforeEach
  void startStub() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String id = path.substring(path.lastIndexOf('/') + 1);
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (id.startsWith("gone")) {
        byte[] error = "{\"message\":null}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "GoneException");
        exchange.sendResponseHeaders(410, error.length);
        exchange.getResponseBody().write(error);
      } else if (id.startsWith("busy")) {
        byte[] error = "{\"message\":\"Rate exceeded\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "LimitExceededException");
        exchange.sendResponseHeaders(429, error.length);
        exchange.getResponseBody().write(error);
      } else {
        received.put(id, body);
        exchange.sendResponseHeaders(200, -1);
      }
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private SdkAsyncPoster poster() {
    return SdkAsyncPoster.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stage", Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")), 16);
  }

  @Test
  void postsManyFramesConcurrently() throws Exception {
    try (SdkAsyncPoster poster = poster()) {
      List<CompletableFuture<Void>> posts = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        posts.add(poster.send("c" + i, "42[\"n\"," + i + "]"));
      }
      CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
    assertThat(received).hasSize(100).containsEntry("c7", "42[\"n\",7]");
  }

  @Test
  void goneAndThrottledAreTranslatedForTheFanOut() throws Exception {
    try (SdkAsyncPoster poster = poster()) {
      poster.send("ok", "x").get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> poster.send("gone", "x").join())
          .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ConnectionGoneException.class);
      assertThatThrownBy(() -> poster.send("busy", "x").join())
          .isInstanceOf(CompletionException.class)
          .cause().isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
    }
    assertThat(received).containsOnlyKeys("ok");
  }
}
