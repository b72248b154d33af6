package dev.socketiolambda.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/** Fake functions, a recording WebSocket client and the real SDK client, for the gateway tests. */
final class GatewayTestSupport {
  static final ObjectMapper JSON = new ObjectMapper();

  private GatewayTestSupport() {}

  /** The answer of a fake function, from the parsed event. */
  @FunctionalInterface
  interface Answer {
    String apply(JsonNode event) throws Exception;
  }

  /** A fake Lambda function that records every event it gets (parsed) and answers as told. */
  static final class RecordingFunction implements LambdaFunction {
    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final Answer answer;

    RecordingFunction(Answer answer) {
      this.answer = answer;
    }

    static RecordingFunction ok() {
      return new RecordingFunction(e -> "{\"statusCode\":200}");
    }

    @Override
    public String invoke(String eventJson) throws Exception {
      JsonNode event = JSON.readTree(eventJson);
      events.add(event);
      return answer.apply(event);
    }

    JsonNode next() throws InterruptedException {
      JsonNode event = events.poll(5, TimeUnit.SECONDS);
      assertThat(event).as("an event within 5 s").isNotNull();
      return event;
    }
  }

  /** A Java-WebSocket client that queues what it receives and records how it closed. */
  static final class TestClient extends WebSocketClient {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();

    TestClient(String url, Map<String, String> headers) {
      super(URI.create(url), new Draft_6455(), headers, 5000);
    }

    static TestClient connect(String url) throws InterruptedException {
      return connect(url, Map.of());
    }

    static TestClient connect(String url, Map<String, String> headers) throws InterruptedException {
      TestClient client = new TestClient(url, headers);
      assertThat(client.connectBlocking(5, TimeUnit.SECONDS)).as("connected to " + url).isTrue();
      return client;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      messages.add(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      messages.add("<binary " + bytes.remaining() + " bytes>");
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      closeReason.complete(reason);
      closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {}

    String nextMessage() throws InterruptedException {
      String message = messages.poll(5, TimeUnit.SECONDS);
      assertThat(message).as("a frame within 5 s").isNotNull();
      return message;
    }

    List<String> nextMessages(int n) throws InterruptedException {
      List<String> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        all.add(nextMessage());
      }
      return all;
    }

    int awaitCloseCode() throws Exception {
      return closeCode.get(5, TimeUnit.SECONDS);
    }
  }

  /** The real AWS SDK management client pointed at the emulator. */
  static ApiGatewayManagementApiClient sdkClient(WebSocketGatewayEmulator emulator) {
    return ApiGatewayManagementApiClient.builder()
        .endpointOverride(URI.create(emulator.managementEndpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
