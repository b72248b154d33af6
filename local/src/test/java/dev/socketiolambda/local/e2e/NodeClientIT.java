package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The real npm {@code socket.io-client@4} against the local stack running {@code DemoApp}: each
 * scenario of {@code local/src/test/node/scenarios.js} asserts on the client side and exits 0.
 */
class NodeClientIT {
  private static final Path SCENARIOS = Path.of("local/src/test/node/scenarios.js");
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(LocalOptions.defaults().withPort(0));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static Node.Result scenario(LocalStack on, String name, Map<String, String> env) {
    return Node.run(SCENARIOS, List.of(on.websocketUrl(), name), env, 180);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"basics", "namespaces", "multiplex", "serverAck", "rooms", "binary"})
  void scenarioPassesWithTheRealClient(String name) {
    Node.Result r = scenario(stack, name, Map.of());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("{");
  }

  @Test
  void replyAndEmitOver128KbReachTheClientAsErrorsAndTheConnectionStaysUsable() {
    Node.Result r = scenario(stack, "oversized", Map.of());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("exceeds the limit of 131072 bytes");
  }

  @Test
  void hundredConcurrentClientsLoseNoMessage() {
    Node.Result r = scenario(stack, "crowd", Map.of("CLIENTS", "100", "MESSAGES", "5", "SCENARIO_TIMEOUT_MS", "90000"));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("\"clients\":100").contains("\"acks\":500").contains("\"deliveries\":10000");
  }

  @Test
  void everyRowIsGoneOnceAllClientsHaveDisconnected() throws InterruptedException {
    try (LocalStack fresh = LocalStack.start(LocalOptions.defaults().withPort(0))) {
      for (String name : List.of("disconnect", "rooms", "serverAck", "binary", "multiplex", "namespaces")) {
        Node.Result r = scenario(fresh, name, Map.of());
        assertThat(r.exitCode()).as(name + ": " + r.describe()).isZero();
      }
      // $disconnect runs after the client has gone: wait (bounded) for the emulator to deliver it
      long deadline = System.currentTimeMillis() + 30_000;
      ScanResponse scan = fresh.dynamo().scan(b -> b.tableName(fresh.table()).consistentRead(true));
      while (scan.count() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        scan = fresh.dynamo().scan(b -> b.tableName(fresh.table()).consistentRead(true));
      }
      assertThat(scan.items()).as("rows left behind").isEmpty();
    }
  }

  @Test
  void clientStaysConnectedThroughSeveralHeartbeats() {
    try (LocalStack quick = LocalStack.start(
        LocalOptions.defaults().withPort(0).withPing(500, 2_000).withTickMs(100))) {
      Node.Result r = scenario(quick, "heartbeat", Map.of("PINGS", "5"));
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).contains("\"pings\":");
    }
  }
}
