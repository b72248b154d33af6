package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.functions.http.Cors;
import dev.socketiolambda.functions.http.HttpError;
import dev.socketiolambda.functions.http.HttpResponse;
import dev.socketiolambda.functions.http.Router;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * HTTP routes on the local stack, end to end: a real HTTP request to a route that emits through
 * the app's Emitter reaches a real socket.io-client in the target room (and not one in another
 * room), on the same port as the WebSocket endpoint.
 */
class HttpRoutesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the test app injects into its routes. */
  record Shop(AtomicInteger created) {}

  record NewOrder(String id, String item) {}

  private static Router<Shop> routes() {
    return Router.<Shop>builder()
        .cors(Cors.origins("http://localhost:5173"))
        .post("/orders", (req, ctx) -> {
          NewOrder order = req.json(NewOrder.class);
          if (order.id() == null || order.id().isBlank()) {
            throw HttpError.invalid("id", "is required");
          }
          ctx.app().created().incrementAndGet();
          ctx.emitter().to("orders").emit("order:created", Map.of("id", order.id(), "item", order.item()));
          return HttpResponse.created(Map.of("id", order.id()));
        })
        .post("/done", (req, ctx) -> {
          ctx.emitter().to("orders", "other").emit("done");
          return HttpResponse.noContent();
        })
        .build();
  }

  @Test
  void aRouteEmitsToASocketIoClientInTheTargetRoom() throws Exception {
    Shop shop = new Shop(new AtomicInteger());
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0))) {
      stack.serveRoutes(routes(), shop);
      String base = "http://127.0.0.1:" + stack.port();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      ProcessBuilder pb = new ProcessBuilder("node", "local/src/test/node/http-routes.js", stack.websocketUrl())
          .directory(Node.repoRoot().toFile()).redirectErrorStream(true);
      Process node = pb.start();
      List<String> lines = new ArrayList<>();
      CompletableFuture<Void> ready = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (lines) {
              lines.add(line);
            }
            if (line.equals("READY")) {
              ready.complete(null);
            }
          }
        } catch (java.io.IOException e) {
          ready.completeExceptionally(e);
        }
        ready.complete(null);
      });
      reader.start();
      try {
        ready.get(30, TimeUnit.SECONDS);

        var invalid = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
            .header("content-type", "application/json").POST(BodyPublishers.ofString("{\"id\":\"\",\"item\":\"x\"}"))
            .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).at("/error/field").asText()).isEqualTo("id");

        var created = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
            .header("content-type", "application/json").header("origin", "http://localhost:5173")
            .POST(BodyPublishers.ofString("{\"id\":\"o-1\",\"item\":\"tea\"}"))
            .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("access-control-allow-origin")).contains("http://localhost:5173");

        var done = http.send(HttpRequest.newBuilder(URI.create(base + "/done")).POST(BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
        assertThat(done.statusCode()).isEqualTo(204);

        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
        reader.join(5000);
        String output;
        synchronized (lines) {
          output = String.join("\n", lines);
        }
        assertThat(node.exitValue()).as(output).isZero();
        JsonNode payload = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(payload.get("id").asText()).isEqualTo("o-1");
        assertThat(payload.get("item").asText()).isEqualTo("tea");
        assertThat(shop.created().get()).isEqualTo(1);
      } finally {
        node.destroyForcibly();
      }
    }
  }

  @Test
  void theStackNamesItsDynamoDbEndpointForAnyAwsTool() {
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0))) {
      assertThat(stack.dynamoEndpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
      try (DynamoDbClient client = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build())
          .region(EmbeddedDynamoDb.REGION).credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
          .endpointOverride(URI.create(stack.dynamoEndpoint())).build()) {
        assertThat(client.listTables().tableNames()).contains(stack.table());
      }
    }
  }
}
