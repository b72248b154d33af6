package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.gateway.GatewayException;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.streams.StreamPoller;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code streams} scenario of {@code local/src/test/node/scenarios.js} (as
 * {@code e2e.StreamBroadcastIT} drives it), against a stack whose DynamoDB is external: four npm
 * socket.io clients connect and join {@code user:alice}, {@code user:bob} and {@code role:admin}
 * (the fourth joins nothing); once they print {@code READY} the orders below are written through
 * the given client, straight into the external DynamoDB, and each client must receive exactly the
 * {@code order:status:update} events of its rooms, then {@code done}.
 *
 * <pre>
 * PUT {p}1 alice paid      -> alice, admin
 * PUT {p}2 bob paid        -> bob, admin
 * PUT {p}1 alice paid+note -> nobody (status unchanged: the rule's "changed" filter)
 * PUT {p}1 alice shipped   -> alice, admin
 * PUT {p}9 nobody paid     -> admin (user:nobody has no members)
 * </pre>
 */
public final class StreamsScenario {
  private static final Path SCENARIOS = Path.of("local/src/test/node/scenarios.js");
  /** Rules with the {@code orders} table and its {@code order-status} rule. */
  public static final Path RULES = Path.of("src/test/resources/streams/orders-rules.json").toAbsolutePath();
  public static final String TABLE = "orders";

  private StreamsScenario() {}

  /**
   * Runs the scenario and asserts on both sides.
   *
   * @param stack the local stack the clients connect to (its stream poller reads {@code orders})
   * @param writer where the orders are written: the external DynamoDB the stack uses
   * @param prefix order id prefix, distinct per run on the same database (e.g. {@code "o-"})
   * @param whenJoined runs once every client has connected and joined its room, before the writes
   * @return the scenario's output
   */
  public static String run(LocalStack stack, DynamoDbClient writer, String prefix, Runnable whenJoined) throws Exception {
    return run(stack, (orderId, customer, status, note) -> put(writer, orderId, customer, status, note), prefix,
        whenJoined);
  }

  /** How the scenario's orders are written: straight into DynamoDB, or through an application's HTTP route. */
  @FunctionalInterface
  public interface OrderWriter {
    void put(String orderId, String customer, String status, String note) throws Exception;
  }

  /** As {@link #run(LocalStack, DynamoDbClient, String, Runnable)}, writing the orders through {@code writer}. */
  public static String run(LocalStack stack, OrderWriter writer, String prefix, Runnable whenJoined) throws Exception {
    String o1 = prefix + "1";
    String o2 = prefix + "2";
    String o9 = prefix + "9";
    ProcessBuilder pb = new ProcessBuilder("node", SCENARIOS.toString(), stack.websocketUrl(), "streams")
        .directory(Node.repoRoot().toFile());
    pb.environment().putAll(Map.of(
        "EXPECT_ALICE", o1 + ":paid," + o1 + ":shipped",
        "EXPECT_BOB", o2 + ":paid",
        "EXPECT_ADMIN", o1 + ":paid," + o2 + ":paid," + o1 + ":shipped," + o9 + ":paid",
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
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.complete(null);
    }, "streams-scenario-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(120, TimeUnit.SECONDS);
      assertThat(node.isAlive()).as("node exited early:\n%s", output).isTrue();
      whenJoined.run();

      StreamPoller poller = stack.streamPollers().get(TABLE);
      long before = poller.stats().recordsProcessed();
      writer.put(o1, "alice", "paid", null);
      writer.put(o2, "bob", "paid", null);
      writer.put(o1, "alice", "paid", "leave at the door"); // a MODIFY that leaves status unchanged
      writer.put(o1, "alice", "shipped", null);
      writer.put(o9, "nobody", "paid", null);               // a room without members

      // the poller delivers in order: once the five records are processed, "done" follows them
      waitForProcessed(poller, before + 5);
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
        return output.toString();
      }
    } finally {
      node.destroyForcibly();
    }
  }

  public static void put(DynamoDbClient dynamo, String orderId, String customer, String status, String note) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
        "orderId", AttributeValue.fromS(orderId),
        "customerId", AttributeValue.fromS(customer),
        "status", AttributeValue.fromS(status)));
    if (note != null) {
      item.put("note", AttributeValue.fromS(note));
    }
    dynamo.putItem(b -> b.tableName(TABLE).item(item));
  }

  /** Waits (bounded) until the poller's function has processed {@code records} records in all. */
  private static void waitForProcessed(StreamPoller poller, long records) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (poller.stats().recordsProcessed() < records) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("stream poller did not process " + records + " records: " + poller.stats());
      }
      Thread.sleep(50);
    }
  }
}
