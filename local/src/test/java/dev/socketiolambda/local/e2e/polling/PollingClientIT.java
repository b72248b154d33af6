package dev.socketiolambda.local.e2e.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real npm {@code socket.io-client@4} over HTTP long-polling on the local stack's port (the
 * same port as WebSocket) running {@code DemoApp}: polling only, and default options (polling,
 * then the upgrade to WebSocket). Scenarios: {@code local/src/test/node/polling-scenarios.js}.
 */
class PollingClientIT {
  private static final Path SCENARIOS = Path.of("local/src/test/node/polling-scenarios.js");
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

  private static Node.Result scenario(String name) {
    return Node.run(SCENARIOS, List.of(stack.websocketUrl().replaceFirst("^ws", "http"), name), Map.of(), 120);
  }

  @Test
  void aPollingOnlyClientExchangesEventsAcksAndBinary() {
    Node.Result r = scenario("pollingBasics");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("\"transport\":\"polling\"");
  }

  @Test
  void pollingClientsShareRoomsAndBroadcastsWithWebSocketClients() {
    Node.Result r = scenario("pollingRooms");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("\"ok\":true");
  }

  @Test
  void defaultOptionsConnectOverPollingAndUpgradeWithoutLosingOrRepeatingAFrame() {
    Node.Result r = scenario("upgrade");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("\"firstTransport\":\"polling\"").contains("\"transport\":\"websocket\"")
        .contains("\"messages\":50");
  }

  @Test
  void serverToClientAcksPendingAtTheUpgradeAreAnsweredOverTheWebSocket() {
    Node.Result r = scenario("acksAcrossTheUpgrade");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("\"transport\":\"websocket\"").contains("\"answered\":3");
  }
}
