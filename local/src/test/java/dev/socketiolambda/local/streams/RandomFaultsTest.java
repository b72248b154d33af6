package dev.socketiolambda.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.gateway.FaultSettings;
import dev.socketiolambda.local.gateway.ManagementFaults;
import dev.socketiolambda.local.gateway.ManagementFaults.Operation;
import dev.socketiolambda.local.gateway.RandomFaults;
import dev.socketiolambda.local.gateway.WebSocketGatewayEmulator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;

/** Fault injection on the emulated {@code @connections} API, seen through the real SDK client. */
class RandomFaultsTest {

  @Test
  void aShareOfPostsIsAnsweredWithTheConfiguredStatusesAndTheRestIsDelivered() throws Exception {
    RandomFaults faults = new RandomFaults(0, 0.3, List.of(500, 429, 410), 7);
    try (WebSocketGatewayEmulator emulator = WebSocketGatewayEmulator.builder().managementFaults(faults).build()
        .start()) {
      Client client = new Client(URI.create(emulator.websocketUrl()));
      assertThat(client.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
      try (ApiGatewayManagementApiClient sdk = sdk(emulator)) {
        String id = awaitConnection(emulator);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          String data = "m" + i;
          try {
            sdk.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String(data)));
            statuses.add(200);
          } catch (GoneException e) {
            statuses.add(-410); // typed as the SDK types a real 410
          } catch (LimitExceededException e) {
            statuses.add(-429);
          } catch (ApiGatewayManagementApiException e) {
            statuses.add(e.statusCode());
          }
        }
        Map<Integer, Long> seen = new TreeMap<>();
        statuses.forEach(s -> seen.merge(s, 1L, Long::sum));
        assertThat(seen.keySet()).containsExactlyInAnyOrder(200, 500, -429, -410);
        long failed = statuses.size() - seen.get(200);
        assertThat(failed).isBetween(30L, 90L); // 60 expected
        assertThat(faults.posts()).isEqualTo(200);
        assertThat(faults.injected()).isEqualTo(Map.of(500, seen.get(500), 429, seen.get(-429), 410, seen.get(-410)));

        // the delivered posts reached the client, in order; the failed ones did not
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          if (statuses.get(i) == 200) {
            expected.add("m" + i);
          }
        }
        List<String> received = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
          String m = client.messages.poll(5, TimeUnit.SECONDS);
          assertThat(m).as("message " + i).isNotNull();
          received.add(m);
        }
        assertThat(received).isEqualTo(expected);

        // a 410 is an answer, not a disconnection: the connection is still open
        assertThat(emulator.openConnectionIds()).contains(id);
        // the same seed gives the same sequence of faults
        RandomFaults again = new RandomFaults(0, 0.3, List.of(500, 429, 410), 7);
        List<Integer> replay = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          ManagementFaults.Fault f = again.before(Operation.POST_TO_CONNECTION, id);
          replay.add(f == null ? 200 : f.statusCode());
        }
        assertThat(replay).isEqualTo(statuses.stream().map(Math::abs).toList());
      } finally {
        client.closeBlocking();
      }
    }
  }

  @Test
  void onlyPostsAreAffected() throws Exception {
    RandomFaults faults = new RandomFaults(5, 1.0, List.of(500), 1);
    assertThat(faults.before(Operation.GET_CONNECTION, "c")).isNull();
    assertThat(faults.before(Operation.DELETE_CONNECTION, "c")).isNull();
    assertThat(faults.before(Operation.POST_TO_CONNECTION, "c").statusCode()).isEqualTo(500);
    assertThat(faults.posts()).isEqualTo(1);
  }

  @Test
  void latencyIsAskedForPostsOnlyAndNothingBlocks() throws Exception {
    RandomFaults faults = new RandomFaults(30, 0, List.of(), 1);
    assertThat(faults.latencyMillis(Operation.POST_TO_CONNECTION, "c")).isEqualTo(30);
    assertThat(faults.latencyMillis(Operation.GET_CONNECTION, "c")).isZero();
    assertThat(faults.latencyMillis(Operation.DELETE_CONNECTION, "c")).isZero();
    // the emulator delays the answer itself (a timer, no thread): the decision never sleeps
    assertThat(faults.mayBlock()).isFalse();
    assertThat(ManagementFaults.NONE.mayBlock()).isFalse();
    assertThat(faults.before(Operation.POST_TO_CONNECTION, "c")).isNull();
    assertThat(faults.posts()).isEqualTo(1);
  }

  @Test
  void delayedPostsAreDeliveredWithoutHoldingAManagementWorkerThread() throws Exception {
    RandomFaults faults = new RandomFaults(30, 0, List.of(), 1);
    try (WebSocketGatewayEmulator emulator = WebSocketGatewayEmulator.builder().managementFaults(faults)
        .managementThreads(1).build().start()) {
      Client client = new Client(URI.create(emulator.websocketUrl()));
      assertThat(client.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
      try (ApiGatewayManagementApiClient sdk = sdk(emulator)) {
        String id = awaitConnection(emulator);
        List<Thread> posters = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          String data = "d" + i;
          Thread t = new Thread(() -> sdk.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String(data))));
          t.start();
          posters.add(t);
        }
        for (Thread t : posters) {
          t.join(10_000);
        }
        java.util.Set<String> got = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
          got.add(client.messages.poll(5, TimeUnit.SECONDS));
        }
        assertThat(got).hasSize(20).doesNotContainNull();
        assertThat(faults.posts()).isEqualTo(20);
        // served on the management API's I/O threads: the worker pool (for faults that may block) was never used
        assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName)
            .noneMatch(n -> n.matches("api-gateway-emulator-\\d+-mgmt-\\d+"));
      }
      client.closeBlocking();
    }
  }

  @Test
  void settingsWithoutLatencyOrFailuresInjectNothing() {
    assertThat(RandomFaults.of(FaultSettings.NONE)).isSameAs(ManagementFaults.NONE);
    assertThat(RandomFaults.of(FaultSettings.NONE.withPostLatencyMs(20))).isInstanceOf(RandomFaults.class);
    assertThat(RandomFaults.fault(410).errorType()).isEqualTo("GoneException");
    assertThat(RandomFaults.fault(429).errorType()).isEqualTo("LimitExceededException");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomFaults.fault(404))
        .hasMessageContaining("cannot inject status 404");
  }

  private static String awaitConnection(WebSocketGatewayEmulator emulator) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      if (!emulator.openConnectionIds().isEmpty()) {
        return emulator.openConnectionIds().iterator().next();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no open connection within 5 s");
  }

  private static ApiGatewayManagementApiClient sdk(WebSocketGatewayEmulator emulator) {
    return ApiGatewayManagementApiClient.builder()
        .httpClient(UrlConnectionHttpClient.builder().build())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .endpointOverride(URI.create(emulator.managementEndpoint()))
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
        .build();
  }

  private static final class Client extends WebSocketClient {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    Client(URI uri) {
      super(uri);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      messages.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Exception ex) {}
  }
}
