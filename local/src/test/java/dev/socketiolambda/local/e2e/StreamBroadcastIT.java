package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.gateway.GatewayException;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.gateway.FaultSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Domain writes become broadcasts: items written to a DynamoDB Local table reach, through the
 * local stream poller and the real stream function with its rules, exactly the npm socket.io
 * clients in the target rooms.
 */
class StreamBroadcastIT {
  private static final Path RULES = Path.of("src/test/resources/streams/orders-rules.json").toAbsolutePath();

  @Test
  void domainWritesReachTheClientsOfTheTargetRoomsAndNoOneElseAndStaleConnectionsAreRemoved() throws Exception {
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0).withStreamRules(RULES))) {
      // a stale connection: rows in the store, but API Gateway no longer knows it (410 on post)
      String ghost = "ghost-connection=";
      stack.store().putConnection(new ConnectionRecord(ghost, "eio", stack.managementEndpoint(),
          System.currentTimeMillis(), "127.0.0.1", Map.of(), Map.of(), 0, 0, 0, Long.MAX_VALUE / 2));
      stack.store().putSocket(new SocketRecord(ghost, "/", "ghost-sid", "{}", "{}",
          Set.of("ghost-sid", "user:alice"), System.currentTimeMillis()));

      runScenario(stack);

      assertThat(stack.store().getConnection(ghost)).as("stale connection removed after a 410").isEmpty();
      assertThat(stack.store().members("/", "user:alice")).extracting(Member::connectionId).doesNotContain(ghost);
    }
  }

  @Test
  void everyRecipientGetsEachBroadcastDespiteInjectedServerErrorsAndThrottling() throws Exception {
    FaultSettings faults = new FaultSettings(0, 0.10, List.of(500, 429), 42L);
    try (LocalStack stack = LocalStack.start(
        LocalOptions.defaults().withPort(0).withStreamRules(RULES).withFaults(faults))) {
      runScenario(stack);
    }
  }

  private static void runScenario(LocalStack stack) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("node", "local/src/test/node/scenarios.js", stack.websocketUrl(), "streams")
        .directory(Node.repoRoot().toFile());
    pb.environment().putAll(Map.of("EXPECT_ALICE", "o-1:paid,o-1:shipped", "EXPECT_BOB", "o-2:paid",
        "EXPECT_ADMIN", "o-1:paid,o-2:paid,o-1:shipped,o-9:paid",
        "SCENARIO_TIMEOUT_MS", "60000"));
    pb.redirectErrorStream(true);
    Process node = pb.start();
    StringBuilder output = new StringBuilder();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (output) {
            output.append(line).append('\n');
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
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(120, TimeUnit.SECONDS);
      assertThat(node.isAlive()).as("node exited early:\n%s", output).isTrue();

      put(stack, "o-1", "alice", "paid");
      put(stack, "o-2", "bob", "paid");
      putWithNote(stack, "o-1", "alice", "paid"); // a MODIFY that leaves status unchanged: filtered out
      put(stack, "o-1", "alice", "shipped");
      put(stack, "o-9", "nobody", "paid");    // a room without members

      // the poller delivers in order, so once every expected event is sent the marker follows them
      waitForStreamIdle(stack, 5);
      for (int attempt = 1; ; attempt++) {
        try {
          stack.emitter().of("/").emit("done");
          break;
        } catch (GatewayException e) {
          if (attempt >= 5) {
            throw e;
          }
        }
      }
      assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("node did not finish:\n%s", output).isTrue();
      reader.join(5_000);
      synchronized (output) {
        assertThat(node.exitValue()).as(output.toString()).isZero();
        assertThat(output.toString()).contains("\"alice\":2").contains("\"bob\":1").contains("\"admin\":4");
      }
    } finally {
      node.destroyForcibly();
    }
  }

  private static void put(LocalStack stack, String orderId, String customer, String status) {
    stack.dynamo().putItem(b -> b.tableName("orders").item(Map.of(
        "orderId", AttributeValue.fromS(orderId),
        "customerId", AttributeValue.fromS(customer),
        "status", AttributeValue.fromS(status))));
  }

  private static void putWithNote(LocalStack stack, String orderId, String customer, String status) {
    stack.dynamo().putItem(b -> b.tableName("orders").item(Map.of(
        "orderId", AttributeValue.fromS(orderId),
        "customerId", AttributeValue.fromS(customer),
        "status", AttributeValue.fromS(status),
        "note", AttributeValue.fromS("leave at the door"))));
  }

  /** Waits (bounded) until the orders poller's function has processed at least {@code records} records. */
  private static void waitForStreamIdle(LocalStack stack, int records) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (stack.streamPollers().get("orders").stats().recordsProcessed() < records) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("stream poller did not process " + records + " records: "
            + stack.streamPollers().get("orders").stats());
      }
      Thread.sleep(50);
    }
  }
}
