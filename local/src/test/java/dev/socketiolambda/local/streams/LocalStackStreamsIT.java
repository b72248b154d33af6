package dev.socketiolambda.local.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.gateway.RandomFaults;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The local stack with stream rules, fault injection and sharded fan-out, driven by the real Java
 * socket.io client: a write to a domain table reaches the attached stream function, whose
 * broadcast through {@link LocalStack#emitter()} reaches the clients in the target room (through
 * the local shard queue, past injected 500/429 answers) and no one else.
 */
class LocalStackStreamsIT {
  private static final long WAIT_S = 15;

  @TempDir
  Path dir;

  private final List<Socket> clients = new ArrayList<>();
  private LocalStack stack;

  @AfterEach
  void stop() {
    clients.forEach(Socket::close);
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aDomainWriteReachesTheStreamFunctionAndItsBroadcastReachesTheRoom() throws Exception {
    Path rules = dir.resolve("rules.json");
    Files.writeString(rules, "{\"tables\":{\"orders\":{\"partitionKey\":\"orderId\"}},\"rules\":[]}");
    stack = LocalStack.start(LocalOptions.defaults().withPort(0)
        .withStreamRules(rules).withStreamPollMs(20)
        .withFanOut(FanOutSettings.DEFAULT.withShards(1, 1)) // 2+ recipients: one shard each
        .withPostFailures(0.1, List.of(500, 429)).withFaultSeed(3));
    assertThat(stack.domainTables()).containsExactly("orders");
    assertThat(stack.dynamo().describeTable(b -> b.tableName("orders")).table().streamSpecification()
        .streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);

    Socket a = connected();
    Socket b = connected();
    Socket c = connected();
    join(a, "user:42");
    join(b, "user:42");
    join(c, "user:7");
    BlockingQueue<Object[]> atA = record(a, "order:created");
    BlockingQueue<Object[]> atB = record(b, "order:created");
    BlockingQueue<Object[]> atC = record(c, "order:created");

    List<JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    stack.attachStreamFunction(event -> {
      JsonNode e = StreamPollerTest.tree(event);
      events.add(e);
      for (JsonNode r : e.get("Records")) {
        if (r.get("eventName").asText().equals("INSERT")) {
          JsonNode image = r.get("dynamodb").get("NewImage");
          stack.emitter().to("user:" + image.get("customerId").get("S").asText()).eventId(r.get("eventID").asText())
              .emit("order:created", image.get("orderId").get("S").asText());
        }
      }
      return "{\"batchItemFailures\":[]}";
    });

    put("o1", "42");
    assertThat(next(atA)).containsExactly("o1");
    assertThat(next(atB)).containsExactly("o1");
    put("o2", "7"); // a later marker: c's first event is this one, so it never got o1
    assertThat(next(atC)).containsExactly("o2");
    assertThat(atA.poll()).isNull();

    assertThat(events).isNotEmpty();
    assertThat(events.get(0).get("Records").get(0).get("eventSourceARN").asText())
        .startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/");
    assertThat(stack.shardQueue().stats().enqueued()).isGreaterThanOrEqualTo(2);
    assertThat(stack.streamPollers().get("orders").deadLetters()).isEmpty();
    assertThat(((RandomFaults) stack.managementFaults()).posts()).isPositive();
  }

  @Test
  void aWriteThroughTheStacksClientIsReadWithoutWaitingForTheNextPoll() throws Exception {
    Path rules = dir.resolve("rules.json");
    Files.writeString(rules, "{\"tables\":{\"orders\":{\"partitionKey\":\"orderId\"}},\"rules\":[]}");
    // a poll every 10 minutes: only the wake-up of the write can bring the record within the wait
    stack = LocalStack.start(LocalOptions.defaults().withPort(0).withStreamRules(rules).withStreamPollMs(600_000));
    BlockingQueue<String> keys = new LinkedBlockingQueue<>();
    stack.attachStreamFunction(event -> {
      for (JsonNode r : StreamPollerTest.tree(event).get("Records")) {
        keys.add(r.get("dynamodb").get("Keys").get("orderId").get("S").asText());
      }
      return "{\"batchItemFailures\":[]}";
    });

    put("o1", "42");
    assertThat(keys.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("o1");
    stack.dynamo().transactWriteItems(b -> b.transactItems(t -> t.put(p -> p.tableName("orders").item(Map.of(
        "orderId", AttributeValue.fromS("o2"), "customerId", AttributeValue.fromS("7"))))));
    assertThat(keys.poll(WAIT_S, TimeUnit.SECONDS)).isEqualTo("o2");
    assertThat(stack.streamPollers().get("orders").deadLetters()).isEmpty();
  }

  @Test
  void anInvalidTablesSectionFailsTheStartWithTheFileAndField() throws Exception {
    Path rules = dir.resolve("bad.json");
    Files.writeString(rules, "{\"tables\":{\"orders\":{\"sortKey\":\"at\"}}}");
    assertThatThrownBy(() -> LocalStack.start(LocalOptions.defaults().withPort(0).withStreamRules(rules)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rules.toString())
        .hasMessageContaining("table 'orders': field 'partitionKey'");
  }

  private void put(String orderId, String customerId) {
    stack.dynamo().putItem(b -> b.tableName("orders").item(Map.of(
        "orderId", AttributeValue.fromS(orderId), "customerId", AttributeValue.fromS(customerId))));
  }

  private Socket connected() throws Exception {
    IO.Options options = IO.Options.builder().setTransports(new String[] {WebSocket.NAME})
        .setReconnection(false).setForceNew(true).setTimeout(WAIT_S * 1000).build();
    Socket s = IO.socket(URI.create("http://127.0.0.1:" + stack.port() + "/"), options);
    clients.add(s);
    CompletableFuture<Object> result = new CompletableFuture<>();
    s.once(Socket.EVENT_CONNECT, args -> result.complete(Boolean.TRUE));
    s.once(Socket.EVENT_CONNECT_ERROR, args -> result.completeExceptionally(
        new AssertionError("connect_error: " + (args.length > 0 ? args[0] : null))));
    s.connect();
    assertThat(result.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo(Boolean.TRUE);
    return s;
  }

  private static void join(Socket s, String room) throws Exception {
    CompletableFuture<Object[]> reply = new CompletableFuture<>();
    s.emit("join", new Object[] {room}, reply::complete);
    reply.get(WAIT_S, TimeUnit.SECONDS);
  }

  private static BlockingQueue<Object[]> record(Socket s, String event) {
    BlockingQueue<Object[]> q = new LinkedBlockingQueue<>();
    s.on(event, q::add);
    return q;
  }

  private static Object[] next(BlockingQueue<Object[]> q) throws InterruptedException {
    Object[] args = q.poll(WAIT_S, TimeUnit.SECONDS);
    assertThat(args).as("an event within " + WAIT_S + " s").isNotNull();
    return args;
  }
}
