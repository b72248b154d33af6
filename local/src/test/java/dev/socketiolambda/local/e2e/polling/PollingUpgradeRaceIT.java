package dev.socketiolambda.local.e2e.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upgrade's move against frames that overtake it: the real npm {@code socket.io-client@4} with
 * default options (polling, then WebSocket), upgrade after upgrade, on a local stack running
 * {@code DemoApp} whose emulator runs one connection's {@code $default} invocations in parallel and
 * out of order (up to 40 ms apart), as AWS may. What the client sends right after {@code 5} (events,
 * acks, answers to the server's questions) and the questions another connection's invocation asks
 * from the socket it read while the session moves are each handled exactly once. Scenario
 * {@code upgradeRaces} of {@code local/src/test/node/polling-scenarios.js}.
 */
class PollingUpgradeRaceIT {
  private static final Path SCENARIOS = Path.of("local/src/test/node/polling-scenarios.js");

  @Test
  void framesAndAcksAroundTheUpgradeAreHandledExactlyOnceWhenInvocationsOverlap() {
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0).withParallelDefault(40))) {
      Node.Result r = Node.run(SCENARIOS, List.of(stack.websocketUrl().replaceFirst("^ws", "http"), "upgradeRaces"),
          Map.of("ROUNDS", "8", "SCENARIO_TOTAL_MS", "240000"), 300);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"rounds\":8");
    }
  }
}
