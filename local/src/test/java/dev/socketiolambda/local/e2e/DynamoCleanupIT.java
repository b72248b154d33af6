package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.apps.LedgerApp;
import dev.socketiolambda.local.dynamo.DynamoFaultKind;
import dev.socketiolambda.local.dynamo.DynamoFaultSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The real npm {@code socket.io-client@4} against a local stack whose DynamoDB fails a share of
 * requests in every way the fault proxy knows (throttles, 500s, unprocessed batch items, timeouts
 * after the write was applied) and whose emulator runs a connection's frames in parallel: once the
 * clients have left and the heartbeat has visited what their {@code $disconnect} left behind, the
 * state table is empty and every socket's disconnect listener ran exactly once.
 */
class DynamoCleanupIT {
  private static final Path SCRIPT = Path.of("local/src/test/node/reliability.js");
  private static final DynamoFaultSettings FAULTS = DynamoFaultSettings.NONE.withFailureRate(0.05)
      .withKinds(List.of(DynamoFaultKind.THROTTLE, DynamoFaultKind.INTERNAL_ERROR, DynamoFaultKind.UNPROCESSED,
          DynamoFaultKind.TIMEOUT)).withTimeoutMs(200).withSeed(19);

  @Test
  void afterInjectedFaultsNoRowIsLeftAndEveryDisconnectListenerRanOnce() throws InterruptedException {
    LedgerApp.reset();
    LocalOptions options = LocalOptions.defaults().withApp(LedgerApp.class.getName()).withPort(0)
        .withPing(5_000, 10_000).withTickMs(250).withParallelDefault(20).withDynamoFaults(FAULTS);
    try (LocalStack stack = LocalStack.start(options)) {
      Node.Result r = Node.run(SCRIPT, List.of(stack.websocketUrl(), "churn"),
          Map.of("CLIENTS", "8", "SCENARIO_TIMEOUT_MS", "90000"), 150);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"connected\":8");

      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline && (rows(stack) != 0
          || !LedgerApp.DISCONNECTED.keySet().containsAll(LedgerApp.CONNECTED.keySet()))) {
        Thread.sleep(200);
      }
      assertThat(rows(stack)).as("rows left in the state table").isZero();
      assertThat(LedgerApp.CONNECTED).hasSize(8);
      assertThat(LedgerApp.DISCONNECTED.keySet()).isEqualTo(LedgerApp.CONNECTED.keySet());
      assertThat(LedgerApp.DISCONNECTED.values()).extracting(AtomicInteger::get).containsOnly(1);
    }
  }

  private static int rows(LocalStack stack) {
    // the scan goes through the fault proxy too: the SDK retries, and a read that still fails is tried again
    RuntimeException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return stack.dynamo().scan(b -> b.tableName(stack.table()).consistentRead(true)).count();
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }
}
