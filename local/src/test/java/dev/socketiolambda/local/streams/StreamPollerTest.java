package dev.socketiolambda.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The event source mapping emulation against DynamoDB Local's real stream: a fake function
 * records what it gets and answers as each test tells it. Every wait is bounded; nothing asserts
 * on timing.
 */
class StreamPollerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Quick polls, no back-off: the tests run fast and the semantics are the same. */
  private static final StreamPollerSettings QUICK = StreamPollerSettings.DEFAULT
      .withPollInterval(Duration.ofMillis(20)).withRetryBackoff(Duration.ZERO);

  private static EmbeddedDynamoDb db;
  private final List<StreamPoller> pollers = new ArrayList<>();

  @BeforeAll
  static void startDb() {
    db = EmbeddedDynamoDb.start(0);
  }

  @AfterAll
  static void stopDb() {
    if (db != null) {
      db.close();
    }
  }

  @AfterEach
  void closePollers() {
    pollers.forEach(StreamPoller::close);
  }

  @Test
  void insertModifyRemoveArriveInOrderShapedAsLambdaEvents() {
    String table = newTable();
    put(table, Map.of("pk", s("before"))); // the shard exists; LATEST skips this record
    Recorder fn = new Recorder();
    StreamPoller poller = start(table, QUICK, fn);

    Map<String, AttributeValue> item = Map.of(
        "pk", s("a"),
        "text", s("hello"),
        "count", AttributeValue.fromN("42"),
        "data", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})),
        "flag", AttributeValue.fromBool(true),
        "nothing", AttributeValue.fromNul(true),
        "nested", AttributeValue.fromM(Map.of("x", s("y"), "list", AttributeValue.fromL(
            List.of(AttributeValue.fromN("1"), s("two"))))),
        "tags", AttributeValue.fromSs(List.of("red", "blue")),
        "nums", AttributeValue.fromNs(List.of("1", "2.5")),
        "blobs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {9}),
            SdkBytes.fromByteArray(new byte[] {8, 7}))));
    put(table, item);
    put(table, Map.of("pk", s("a"), "text", s("changed")));
    db.client().deleteItem(b -> b.tableName(table).key(Map.of("pk", s("a"))));

    await(() -> fn.records().size() >= 3, "3 records delivered");
    List<JsonNode> records = fn.records();
    assertThat(records).hasSize(3);
    assertThat(records).extracting(r -> r.get("eventName").asText()).containsExactly("INSERT", "MODIFY", "REMOVE");

    BigInteger previous = BigInteger.ZERO;
    for (JsonNode r : records) {
      List<String> fields = new ArrayList<>();
      r.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("eventID", "eventName", "eventVersion", "eventSource", "awsRegion",
          "dynamodb", "eventSourceARN");
      assertThat(r.get("eventID").asText()).isNotBlank();
      assertThat(r.get("eventVersion").asText()).isEqualTo("1.1");
      assertThat(r.get("eventSource").asText()).isEqualTo("aws:dynamodb");
      assertThat(r.get("awsRegion").asText()).isEqualTo("us-east-1");
      assertThat(r.get("eventSourceARN").asText())
          .matches("arn:aws:dynamodb:us-east-1:000000000000:table/" + table + "/stream/.+")
          .isEqualTo(poller.eventSourceArn());
      JsonNode d = r.get("dynamodb");
      assertThat(d.get("Keys")).isEqualTo(tree("{\"pk\":{\"S\":\"a\"}}"));
      assertThat(d.get("ApproximateCreationDateTime").isIntegralNumber()).isTrue();
      assertThat(Math.abs(d.get("ApproximateCreationDateTime").asLong() - Instant.now().getEpochSecond()))
          .isLessThan(86_400);
      BigInteger sequence = new BigInteger(d.get("SequenceNumber").asText());
      assertThat(sequence).isGreaterThan(previous);
      previous = sequence;
      assertThat(d.get("SizeBytes").isIntegralNumber()).isTrue();
      assertThat(d.get("SizeBytes").asLong()).isPositive();
      assertThat(d.get("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    JsonNode insert = records.get(0).get("dynamodb");
    assertThat(insert.has("OldImage")).isFalse();
    JsonNode image = insert.get("NewImage");
    assertThat(image.get("pk")).isEqualTo(tree("{\"S\":\"a\"}"));
    assertThat(image.get("text")).isEqualTo(tree("{\"S\":\"hello\"}"));
    assertThat(image.get("count")).isEqualTo(tree("{\"N\":\"42\"}"));
    assertThat(image.get("data")).isEqualTo(tree("{\"B\":\"AQID\"}"));
    assertThat(image.get("flag")).isEqualTo(tree("{\"BOOL\":true}"));
    assertThat(image.get("nothing")).isEqualTo(tree("{\"NULL\":true}"));
    assertThat(image.get("nested")).isEqualTo(tree("{\"M\":{\"x\":{\"S\":\"y\"},\"list\":{\"L\":[{\"N\":\"1\"},{\"S\":\"two\"}]}}}"));
    assertThat(texts(image.get("tags").get("SS"))).containsExactlyInAnyOrder("red", "blue");
    assertThat(texts(image.get("nums").get("NS"))).containsExactlyInAnyOrder("1", "2.5");
    assertThat(texts(image.get("blobs").get("BS"))).containsExactlyInAnyOrder("CQ==", "CAc=");

    JsonNode modify = records.get(1).get("dynamodb");
    assertThat(modify.get("OldImage").get("text")).isEqualTo(tree("{\"S\":\"hello\"}"));
    assertThat(modify.get("NewImage")).isEqualTo(tree("{\"pk\":{\"S\":\"a\"},\"text\":{\"S\":\"changed\"}}"));

    JsonNode remove = records.get(2).get("dynamodb");
    assertThat(remove.has("NewImage")).isFalse();
    assertThat(remove.get("OldImage")).isEqualTo(tree("{\"pk\":{\"S\":\"a\"},\"text\":{\"S\":\"changed\"}}"));

    assertThat(poller.stats().recordsProcessed()).isEqualTo(3);
    assertThat(poller.deadLetters()).isEmpty();
  }

  @Test
  void batchesHoldAtMostBatchSizeRecordsInStreamOrder() {
    String table = newTable(); // never written to: its first shard appears after the start
    StreamPoller poller = start(table, QUICK.withBatchSize(3), null);
    for (int i = 0; i < 10; i++) {
      put(table, Map.of("pk", s("k" + i)));
    }
    await(() -> poller.stats().recordsRead() == 3, "a batch read ahead while no function is attached");
    Recorder fn = new Recorder();
    poller.attach(fn);

    await(() -> fn.records().size() >= 10, "10 records delivered");
    assertThat(fn.invocations).allSatisfy(e -> assertThat(e.get("Records").size()).isBetween(1, 3));
    assertThat(fn.invocations.get(0).get("Records").size()).isEqualTo(3);
    assertThat(fn.records()).extracting(StreamPollerTest::pk)
        .containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
  }

  @Test
  void partialFailureRetriesFromTheFailedRecordAndNeverResendsEarlierOnes() {
    String table = newTable();
    StreamPoller poller = start(table, QUICK.withBatchSize(5), null);
    for (int i = 0; i < 5; i++) {
      put(table, Map.of("pk", s("p" + i)));
    }
    await(() -> poller.stats().recordsRead() == 5, "5 records read");
    AtomicInteger calls = new AtomicInteger();
    Recorder fn = new Recorder(event -> calls.incrementAndGet() == 1
        ? "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sequence(event.get("Records").get(2)) + "\"}]}"
        : "{\"batchItemFailures\":[]}");
    poller.attach(fn);

    await(() -> poller.stats().recordsProcessed() == 5, "5 records processed");
    assertThat(fn.invocations).hasSize(2);
    assertThat(fn.invocations.get(0).get("Records")).extracting(StreamPollerTest::pk)
        .containsExactly("p0", "p1", "p2", "p3", "p4");
    assertThat(fn.invocations.get(1).get("Records")).extracting(StreamPollerTest::pk)
        .containsExactly("p2", "p3", "p4");
    assertThat(poller.stats().retries()).isEqualTo(1);
    assertThat(poller.deadLetters()).isEmpty();
  }

  @Test
  void partialFailuresUntilRetriesRunOutDiscardOnlyTheReportedRecord() {
    String table = newTable();
    StreamPoller poller = start(table, QUICK.withBatchSize(3).withMaxRetryAttempts(1), null);
    for (int i = 0; i < 3; i++) {
      put(table, Map.of("pk", s("p" + i)));
    }
    await(() -> poller.stats().recordsRead() == 3, "3 records read");
    Recorder fn = new Recorder(event -> {
      for (JsonNode r : event.get("Records")) {
        if (pk(r).equals("p1")) {
          return "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sequence(r) + "\"}]}";
        }
      }
      return "";
    });
    poller.attach(fn);

    await(() -> poller.stats().recordsDeadLettered() == 1, "the failing record discarded");
    assertThat(fn.invocations).extracting(e -> pks(e.get("Records")))
        .containsExactly(List.of("p0", "p1", "p2"), List.of("p1", "p2"));
    assertThat(poller.stats().recordsProcessed()).isEqualTo(2);
    DeadLetter dead = poller.deadLetters().get(0);
    assertThat(dead.table()).isEqualTo(table);
    assertThat(dead.retries()).isEqualTo(1);
    assertThat(pks(tree(dead.event()).get("Records"))).containsExactly("p1");
    assertThat(dead.sequenceNumbers()).containsExactly(sequence(tree(dead.event()).get("Records").get(0)));
  }

  @Test
  void functionErrorsBisectUntilThePoisonRecordIsAloneThenItGoesToTheDeadLetters() {
    String table = newTable();
    StreamPoller poller = start(table, QUICK.withBatchSize(8).withMaxRetryAttempts(2), null);
    for (int i = 0; i < 8; i++) {
      put(table, i == 5 ? Map.of("pk", s("r5"), "poison", AttributeValue.fromBool(true)) : Map.of("pk", s("r" + i)));
    }
    await(() -> poller.stats().recordsRead() == 8, "8 records read");
    Recorder fn = new Recorder(event -> {
      for (JsonNode r : event.get("Records")) {
        if (r.get("dynamodb").get("NewImage").has("poison")) {
          throw new IllegalStateException("poison");
        }
      }
      return "{}";
    });
    poller.attach(fn);

    await(() -> poller.stats().recordsDeadLettered() == 1 && poller.stats().recordsProcessed() == 7,
        "7 records processed and the poison one discarded");
    // processed exactly once each, in order
    assertThat(fn.succeeded).extracting(StreamPollerTest::pk)
        .containsExactly("r0", "r1", "r2", "r3", "r4", "r6", "r7");
    // 8 -> 4+4 -> (4 ok) 2+2 -> 1+1 (r4 ok, r5 fails, retried twice) -> (r6, r7 ok)
    assertThat(fn.invocations).extracting(e -> pks(e.get("Records"))).containsExactly(
        List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"),
        List.of("r0", "r1", "r2", "r3"),
        List.of("r4", "r5", "r6", "r7"),
        List.of("r4", "r5"),
        List.of("r4"),
        List.of("r5"), List.of("r5"), List.of("r5"),
        List.of("r6", "r7"));
    assertThat(poller.stats().bisections()).isEqualTo(3);
    assertThat(poller.stats().retries()).isEqualTo(2);
    List<DeadLetter> dead = poller.deadLetters();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).reason()).contains("function error").contains("poison");
    assertThat(pks(tree(dead.get(0).event()).get("Records"))).containsExactly("r5");

    put(table, Map.of("pk", s("after")));
    await(() -> fn.succeeded.stream().anyMatch(r -> pk(r).equals("after")), "the shard moved on");
  }

  @Test
  void withoutBisectAFailingBatchIsDiscardedWholeAfterItsRetries() {
    String table = newTable();
    StreamPoller poller = start(table,
        QUICK.withBatchSize(4).withMaxRetryAttempts(1).withBisectBatchOnFunctionError(false), null);
    for (int i = 0; i < 4; i++) {
      put(table, Map.of("pk", s("w" + i)));
    }
    await(() -> poller.stats().recordsRead() == 4, "4 records read");
    Recorder fn = new Recorder(event -> pks(event.get("Records")).contains("w2") ? "not json" : null);
    poller.attach(fn);

    await(() -> poller.stats().recordsDeadLettered() == 4, "the batch discarded");
    assertThat(fn.invocations).hasSize(2);
    assertThat(poller.deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.reason()).contains("not JSON");
      assertThat(d.sequenceNumbers()).hasSize(4);
    });
    put(table, Map.of("pk", s("next")));
    await(() -> fn.succeeded.stream().anyMatch(r -> pk(r).equals("next")), "the shard moved on");
    assertThat(poller.stats().recordsProcessed()).isEqualTo(1);
  }

  @Test
  void aTableDeletedAndCreatedAgainIsFollowedToItsNewStream() {
    String table = newTable();
    Recorder fn = new Recorder();
    start(table, QUICK, fn);
    put(table, Map.of("pk", s("old")));
    await(() -> fn.records().size() == 1, "the first record");

    db.client().deleteTable(b -> b.tableName(table));
    DomainTables.createIfAbsent(db.client(), new DomainTable(table, "pk", null));
    put(table, Map.of("pk", s("new")));
    await(() -> fn.records().size() == 2, "the record of the new table");
    assertThat(fn.records()).extracting(StreamPollerTest::pk).containsExactly("old", "new");
  }

  @Test
  void closeStopsThePollingThread() {
    String table = newTable();
    StreamPoller poller = start(table, QUICK, new Recorder());
    assertThat(threadAlive("stream-poller-" + table)).isTrue();
    poller.close();
    assertThat(threadAlive("stream-poller-" + table)).isFalse();
  }

  // ------------------------------------------------------------------ support

  private StreamPoller start(String table, StreamPollerSettings settings, Function<String, String> fn) {
    StreamPoller p = StreamPoller.start(db.client(), db.streamsClient(), table, settings, fn);
    pollers.add(p);
    return p;
  }

  private static String newTable() {
    String name = "domain" + TABLES.incrementAndGet();
    DomainTables.createIfAbsent(db.client(), new DomainTable(name, "pk", null));
    return name;
  }

  private static void put(String table, Map<String, AttributeValue> item) {
    db.client().putItem(b -> b.tableName(table).item(item));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static String pk(JsonNode record) {
    return record.get("dynamodb").get("Keys").get("pk").get("S").asText();
  }

  static List<String> pks(JsonNode records) {
    List<String> out = new ArrayList<>();
    records.forEach(r -> out.add(pk(r)));
    return out;
  }

  static String sequence(JsonNode record) {
    return record.get("dynamodb").get("SequenceNumber").asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      out.add(it.next().asText());
    }
    return out;
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  /** A fake stream function: records each event; {@link #succeeded} holds the records of invocations that did not throw. */
  static final class Recorder implements Function<String, String> {
    final List<JsonNode> invocations = new CopyOnWriteArrayList<>();
    final List<JsonNode> succeeded = new CopyOnWriteArrayList<>();
    private final Function<JsonNode, String> answer;

    Recorder() {
      this(e -> "");
    }

    Recorder(Function<JsonNode, String> answer) {
      this.answer = answer;
    }

    @Override
    public String apply(String event) {
      JsonNode e = tree(event);
      invocations.add(e);
      String response = answer.apply(e);
      e.get("Records").forEach(succeeded::add);
      return response;
    }

    List<JsonNode> records() {
      List<JsonNode> out = new ArrayList<>();
      invocations.forEach(e -> e.get("Records").forEach(out::add));
      return out;
    }
  }
}
