package dev.socketiolambda.local.localstack;

import dev.socketiolambda.local.e2e.StreamsScenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.local.streams.DomainTables;
import dev.socketiolambda.local.streams.StreamPoller;
import dev.socketiolambda.local.streams.StreamPollerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The stream path against LocalStack: a domain table with a stream in LocalStack's DynamoDB, the
 * local stack's {@link StreamPoller} (the Lambda event source mapping, emulated) reading it with
 * the real {@code DynamoDbStreamsClient}, the real stream function with
 * {@code orders-rules.json}, broadcasts through the local stack whose state store is LocalStack's
 * DynamoDB too, and real npm socket.io clients receiving them. The WebSocket side (API Gateway
 * WebSocket API and {@code @connections}) stays on the local stack's emulator: it is not in
 * LocalStack's community edition. Needs Docker.
 */
@RequiresDocker
class LocalStackStreamBroadcastIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void thePollerReadsLocalStacksStreamAndHandsLambdaShapedEventsToTheFunction() throws Exception {
    try (DynamoDbClient dynamo = LocalStackContainers.dynamo();
        DynamoDbStreamsClient streams = LocalStackContainers.streams()) {
      DomainTable table = new DomainTable("poller-direct", "id", null);
      DomainTables.createIfAbsent(dynamo, table);
      dynamo.waiter().waitUntilTableExists(b -> b.tableName(table.name()));
      BlockingQueue<JsonNode> records = new LinkedBlockingQueue<>();
      try (StreamPoller poller = StreamPoller.start(dynamo, streams, table.name(),
          StreamPollerSettings.DEFAULT.withPollInterval(Duration.ofMillis(50)), event -> {
            try {
              JSON.readTree(event).path("Records").forEach(records::add);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return "{\"batchItemFailures\":[]}";
          })) {
        dynamo.putItem(b -> b.tableName(table.name()).item(Map.of(
            "id", AttributeValue.fromS("i-1"), "status", AttributeValue.fromS("new"))));
        dynamo.updateItem(b -> b.tableName(table.name()).key(Map.of("id", AttributeValue.fromS("i-1")))
            .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("done"))));

        JsonNode insert = records.poll(60, TimeUnit.SECONDS);
        JsonNode modify = records.poll(60, TimeUnit.SECONDS);
        assertThat(insert).as("INSERT record from LocalStack's stream; poller %s", poller.stats()).isNotNull();
        assertThat(modify).as("MODIFY record from LocalStack's stream; poller %s", poller.stats()).isNotNull();
        assertThat(insert.path("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(insert.path("eventName").asText()).isEqualTo("INSERT");
        assertThat(insert.at("/dynamodb/NewImage/status/S").asText()).isEqualTo("new");
        assertThat(modify.path("eventName").asText()).isEqualTo("MODIFY");
        assertThat(modify.at("/dynamodb/OldImage/status/S").asText()).isEqualTo("new");
        assertThat(modify.at("/dynamodb/NewImage/status/S").asText()).isEqualTo("done");
        assertThat(poller.deadLetters()).isEmpty();
      }
    }
  }

  @Test
  void domainWritesToLocalStackReachTheClientsOfTheTargetRoomsThroughTheStreamFunction() throws Exception {
    String endpoint = LocalStackContainers.endpoint();
    try (DynamoDbClient localstack = LocalStackContainers.dynamo();
        LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0)
            .withDynamoEndpoint(endpoint).withStreamRules(StreamsScenario.RULES))) {
      assertThat(localstack.listTables().tableNames()).contains(stack.table(), StreamsScenario.TABLE);
      TableChecks.assertStateTableAsDefined(localstack, stack.table());
      TableChecks.assertDomainTable(localstack, StreamsScenario.TABLE, "orderId");

      StateStore seen = new DynamoDbStateStore(localstack, stack.table(), DueIndexSettings.DEFAULT);
      StreamsScenario.run(stack, localstack, "ls-", () -> {
        // the clients' connections and room memberships are rows in LocalStack's DynamoDB
        for (String room : List.of("user:alice", "user:bob", "role:admin")) {
          assertThat(seen.members("/", room)).as("members of %s in LocalStack", room).hasSize(1)
              .allSatisfy(m -> assertThat(seen.getConnection(m.connectionId())).isPresent());
        }
      });
    }
  }
}
