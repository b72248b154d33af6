package dev.socketiolambda.local.e2e.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.polling.PollingIds;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.e2e.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat of a connection that started on long-polling and upgraded, with the real npm
 * {@code socket.io-client@4}: the upgrade puts the WebSocket connection's row off its ping phase, and
 * its first heartbeat ping must put it there (a ping on the phase writes nothing, so a row left off it
 * was pinged at every tick, then not at all once its due time fell out of the index's look-back).
 * Pings every 2 s, ticks every 250 ms. Scenario: {@code heartbeatAfterTheUpgrade} in
 * {@code local/src/test/node/polling-scenarios.js}.
 */
class PollingHeartbeatIT {
  private static final Path SCENARIOS = Path.of("local/src/test/node/polling-scenarios.js");
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(LocalOptions.defaults().withPort(0).withPing(2_000, 1_500).withTickMs(250));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anUpgradedConnectionIsPutOnItsPingPhaseAndKeepsItsHeartbeat() throws Exception {
    CompletableFuture<Node.Result> client = CompletableFuture.supplyAsync(() -> Node.run(SCENARIOS,
        List.of(stack.websocketUrl().replaceFirst("^ws", "http"), "heartbeatAfterTheUpgrade"), Map.of(), 120));
    boolean sawOnPhase = false;
    for (int look = 0; look < 1_200 && !client.isDone() && !sawOnPhase; look++) { // at most 2 minutes
      sawOnPhase = upgradedConnection().map(ConnectionRecord::onPingPhase).orElse(false);
      TimeUnit.MILLISECONDS.sleep(100);
    }
    Node.Result r = client.get(3, TimeUnit.MINUTES);

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("\"transport\":\"websocket\"");
    assertThat(sawOnPhase).as("the upgraded connection's row went onto its ping phase").isTrue();
  }

  /** The row of the one WebSocket connection with a socket in {@code /}, once there is one. */
  private static Optional<ConnectionRecord> upgradedConnection() {
    return stack.store().members("/", "").stream().map(Member::connectionId)
        .filter(id -> !PollingIds.isPolling(id)).findFirst().flatMap(id -> stack.store().getConnection(id));
  }
}
