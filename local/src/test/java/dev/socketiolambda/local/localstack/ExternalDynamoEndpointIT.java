package dev.socketiolambda.local.localstack;

import dev.socketiolambda.local.e2e.StreamsScenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.store.TableDefinitions;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code --dynamodb-endpoint} ({@link LocalOptions#withDynamoEndpoint}) without Docker: a second,
 * separately started DynamoDB Local on its own port stands in for LocalStack's DynamoDB endpoint
 * (or an account's). The local stack must create its state table and the domain tables of the
 * stream rules there, keep every row there, read the domain tables' streams there, and reuse
 * (never drop) tables that already exist.
 */
class ExternalDynamoEndpointIT {
  private EmbeddedDynamoDb external;
  private DynamoDbClient db;
  private final List<LocalStack> stacks = new ArrayList<>();

  @BeforeEach
  void startExternalDynamoDb() {
    external = EmbeddedDynamoDb.start(0);
    db = external.client();
  }

  @AfterEach
  void stop() {
    stacks.forEach(LocalStack::close);
    if (external != null) {
      external.close();
    }
  }

  private LocalStack startStack() {
    LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0)
        .withDynamoEndpoint(external.endpoint().toString())
        .withStreamRules(StreamsScenario.RULES));
    stacks.add(stack);
    return stack;
  }

  @Test
  void clientsConnectJoinRoomsAndReceiveStreamBroadcastsWithEverythingInTheExternalDynamoDb() throws Exception {
    assertThat(db.listTables().tableNames()).as("the external DynamoDB starts empty").isEmpty();

    LocalStack stack = startStack();

    // the tables were created in THAT DynamoDB, as TableDefinitions (and the CDK stack) define them
    assertThat(db.listTables().tableNames()).containsExactlyInAnyOrder(stack.table(), StreamsScenario.TABLE);
    TableChecks.assertStateTableAsDefined(db, stack.table());
    TableDescription orders = TableChecks.assertDomainTable(db, StreamsScenario.TABLE, "orderId");
    // the stack's DynamoDB client and its stream poller point at that endpoint
    assertThat(stack.dynamo().serviceClientConfiguration().endpointOverride()).contains(external.endpoint());
    assertThat(stack.streamPollers().get(StreamsScenario.TABLE).eventSourceArn())
        .endsWith("/stream/" + orders.latestStreamLabel());

    // what the functions see, read back from the external DynamoDB (not through the stack)
    StateStore seen = new DynamoDbStateStore(db, stack.table(), DueIndexSettings.DEFAULT);
    List<String> joined = new ArrayList<>();
    StreamsScenario.run(stack, db, "o-", () -> {
      // every room member is a row there, and so is the member's connection
      for (String room : List.of("user:alice", "user:bob", "role:admin")) {
        List<Member> members = seen.members("/", room);
        assertThat(members).as("members of %s in the external DynamoDB", room).hasSize(1);
        String connectionId = members.get(0).connectionId();
        assertThat(seen.getConnection(connectionId)).as("connection %s", connectionId).isPresent();
        assertThat(seen.getSocket(connectionId, "/")).as("socket of %s", connectionId).isPresent()
            .get().satisfies(s -> assertThat(s.rooms()).contains(room));
        joined.add(connectionId);
      }
      assertThat(seen.members("/", "")).as("every socket of / (four clients)").hasSize(4);
    });
    assertThat(joined).hasSize(3).doesNotHaveDuplicates();
    // the writes went to the external DynamoDB only, and the broadcasts came from its stream
    assertThat(db.getItem(b -> b.tableName(StreamsScenario.TABLE).key(Map.of("orderId", AttributeValue.fromS("o-1"))))
        .item()).containsEntry("status", AttributeValue.fromS("shipped"));
  }

  @Test
  void existingTablesAreReusedNotDroppedAndWhatWasWrittenBeforeSurvivesARestart() throws Exception {
    LocalStack first = startStack();
    String table = first.table();
    TableDescription stateBefore = TableChecks.assertStateTableAsDefined(db, table);
    TableDescription ordersBefore = TableChecks.assertDomainTable(db, StreamsScenario.TABLE, "orderId");
    StateStore seen = new DynamoDbStateStore(db, table, DueIndexSettings.DEFAULT);

    // a run on the first stack, then data of our own in both tables
    List<String> clients = new ArrayList<>();
    StreamsScenario.run(first, db, "a-", () -> seen.members("/", "").forEach(m -> clients.add(m.connectionId())));
    assertThat(clients).hasSize(4);
    Map<String, AttributeValue> sentinel = Map.of(
        TableDefinitions.PK, AttributeValue.fromS("test#sentinel"),
        TableDefinitions.SK, AttributeValue.fromS("kept"),
        "note", AttributeValue.fromS("written before the restart"));
    db.putItem(b -> b.tableName(table).item(sentinel));
    StreamsScenario.put(db, "keep-1", "carol", "paid", null);
    awaitDisconnected(seen, clients); // the clients left: their rows go ($disconnect), nothing else does
    first.close();
    stacks.remove(first);

    // the tables outlive the stack that created them
    assertThat(db.listTables().tableNames()).containsExactlyInAnyOrder(table, StreamsScenario.TABLE);

    // a second start against the same endpoint: no error, same tables (not re-created), same stream
    LocalStack second = startStack();
    TableDescription stateAfter = TableChecks.assertStateTableAsDefined(db, table);
    TableDescription ordersAfter = TableChecks.assertDomainTable(db, StreamsScenario.TABLE, "orderId");
    assertThat(stateAfter.creationDateTime()).isEqualTo(stateBefore.creationDateTime());
    assertThat(ordersAfter.creationDateTime()).isEqualTo(ordersBefore.creationDateTime());
    assertThat(ordersAfter.latestStreamArn()).isEqualTo(ordersBefore.latestStreamArn());
    assertThat(db.getItem(b -> b.tableName(table).key(Map.of(
        TableDefinitions.PK, sentinel.get(TableDefinitions.PK), TableDefinitions.SK, sentinel.get(TableDefinitions.SK))))
        .item()).isEqualTo(sentinel);
    for (String id : List.of("a-1", "a-2", "a-9", "keep-1")) {
      assertThat(db.getItem(b -> b.tableName(StreamsScenario.TABLE)
          .key(Map.of("orderId", AttributeValue.fromS(id)))).item()).as("order %s", id).isNotEmpty();
    }
    assertThat(second.store().getConnection(clients.get(0))).as("a connection of the first run").isEmpty();

    // and it works on the reused tables and stream: records from before its start are not re-sent
    StreamsScenario.run(second, db, "b-", () -> { });
    assertThat(second.streamPollers().get(StreamsScenario.TABLE).stats().recordsProcessed()).isEqualTo(5);
  }

  /** Waits (bounded) until $disconnect has removed the rows of these connections. */
  private static void awaitDisconnected(StateStore store, List<String> connectionIds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (connectionIds.stream().anyMatch(id -> store.getConnection(id).isPresent())) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("connections still in the table at " + Instant.now() + ": " + connectionIds);
      }
      Thread.sleep(100);
    }
    assertThat(store.members("/", "")).isEmpty();
  }
}
