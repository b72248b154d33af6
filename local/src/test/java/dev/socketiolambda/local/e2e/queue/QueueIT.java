package dev.socketiolambda.local.e2e.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service queue example ({@code --app queue}, seed 003) with real npm {@code socket.io-client}
 * instances, one per role (admin, staff, customer): every event of the seed's catalogue in both
 * directions through the production paths (HTTP route -> DynamoDB -> stream rule -> broadcast, direct
 * emits, the 10 s schedule), payloads field by field, recipients and non-recipients, authorization
 * and validation failures ({@code local/src/test/node/queue-scenarios.js}).
 */
class QueueIT {
  static final Path SCENARIOS = Path.of("local/src/test/node/queue-scenarios.js");
  static final String SECRET = "queue-it-secret-0123456789abcdef-0123456789";
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(options());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static LocalOptions options() {
    return LocalOptions.forApp("queue").withPort(0).withWebPort(0).withAppEnv("AUTH_JWT_SECRET", SECRET)
        .withAppEnv("AUTH_CLOCK_SKEW", "0s") // a token can expire within the connect scenario
        .withStreamPollMs(50);
  }

  static Node.Result scenario(LocalStack on, String name) {
    return Node.run(SCENARIOS, List.of(on.websocketUrl(), name), Map.of("QUEUE_SECRET", SECRET), 180);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"connect", "rooms", "tickets", "admin", "metrics"})
  void scenarioPassesWithRealClients(String name) {
    Node.Result r = scenario(stack, name);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("\"scenario\":\"" + name + "\"");
  }
}
