package dev.socketiolambda.local.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.TableDefinitions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.local.streams.DomainTables;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The table definitions shared with the CDK stack, created in LocalStack's DynamoDB the way the
 * local stack creates them ({@link LocalStack#createTablesIfAbsent}, {@link DomainTables#createIfAbsent}):
 * DescribeTable reports the keys, attribute types and index of {@link TableDefinitions}, the TTL
 * attribute the CDK stack enables is accepted and carried by every row, domain tables get a
 * {@code NEW_AND_OLD_IMAGES} stream that LocalStack's DynamoDB Streams API describes, and
 * creating again reuses instead of dropping. Needs Docker.
 */
@RequiresDocker
class LocalStackTablesIT {
  private DynamoDbClient dynamo;
  private DynamoDbStreamsClient streams;

  @BeforeEach
  void clients() {
    dynamo = LocalStackContainers.dynamo();
    streams = LocalStackContainers.streams();
  }

  @AfterEach
  void close() {
    if (dynamo != null) {
      dynamo.close();
    }
    if (streams != null) {
      streams.close();
    }
  }

  @Test
  void theStateTableHasTheKeysIndexAndTtlAttributeOfTableDefinitions() {
    String table = "tables-state";
    LocalStack.createTablesIfAbsent(dynamo, table);
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    TableChecks.assertStateTableAsDefined(dynamo, table);

    // TTL as the CDK stack declares it (TimeToLiveSpecification: ttl, enabled)
    dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(
        t -> t.attributeName(TableDefinitions.TTL_ATTRIBUTE).enabled(true)));
    TimeToLiveDescription ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
    assertThat(ttl.attributeName()).isEqualTo(TableDefinitions.TTL_ATTRIBUTE);
    assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);

    // every row the store writes carries that attribute as epoch seconds
    long now = System.currentTimeMillis();
    new DynamoDbStateStore(dynamo, table, DueIndexSettings.DEFAULT).putConnection(new ConnectionRecord(
        "ttl-check=", "eio", "http://127.0.0.1:1", now, "127.0.0.1", Map.of(), Map.of(), 0, 0, 0, now + 60_000));
    var items = dynamo.scan(b -> b.tableName(table).consistentRead(true)).items();
    assertThat(items).isNotEmpty().allSatisfy(item -> {
      assertThat(item).containsKey(TableDefinitions.TTL_ATTRIBUTE);
      assertThat(Long.parseLong(item.get(TableDefinitions.TTL_ATTRIBUTE).n())).isGreaterThan(now / 1000);
    });
  }

  @Test
  void creatingAgainReusesTheTablesAndKeepsTheirRows() {
    String table = "tables-reuse";
    LocalStack.createTablesIfAbsent(dynamo, table);
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    TableDescription before = dynamo.describeTable(b -> b.tableName(table)).table();
    Map<String, AttributeValue> row = Map.of(TableDefinitions.PK, AttributeValue.fromS("test#row"),
        TableDefinitions.SK, AttributeValue.fromS("kept"));
    dynamo.putItem(b -> b.tableName(table).item(row));

    LocalStack.createTablesIfAbsent(dynamo, table); // ResourceInUseException: left as it is
    DomainTable orders = new DomainTable("tables-reuse-orders", "orderId", null);
    DomainTables.createIfAbsent(dynamo, orders);
    String stream = dynamo.describeTable(b -> b.tableName(orders.name())).table().latestStreamArn();
    DomainTables.createIfAbsent(dynamo, orders);

    TableDescription after = dynamo.describeTable(b -> b.tableName(table)).table();
    assertThat(after.creationDateTime()).isEqualTo(before.creationDateTime());
    assertThat(dynamo.getItem(b -> b.tableName(table).key(row).consistentRead(true)).item()).isEqualTo(row);
    assertThat(dynamo.describeTable(b -> b.tableName(orders.name())).table().latestStreamArn()).isEqualTo(stream);
  }

  @Test
  void domainTablesGetANewAndOldImagesStreamThatLocalStackDescribes() {
    DomainTable messages = new DomainTable("tables-messages", "roomId", "sentAt",
        "S", "N");
    DomainTables.createIfAbsent(dynamo, messages);
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(messages.name()));
    TableDescription d = dynamo.describeTable(b -> b.tableName(messages.name())).table();
    assertThat(d.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
        .containsExactly("roomId:HASH", "sentAt:RANGE");
    assertThat(d.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
        .containsExactlyInAnyOrder("roomId:S", "sentAt:N");
    assertThat(d.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");

    StreamDescription stream = streams.describeStream(b -> b.streamArn(d.latestStreamArn())).streamDescription();
    assertThat(stream.tableName()).isEqualTo(messages.name());
    assertThat(stream.streamStatus()).isIn(StreamStatus.ENABLED, StreamStatus.ENABLING);
    assertThat(stream.streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(stream.keySchema()).extracting(k -> k.attributeName()).containsExactly("roomId", "sentAt");
  }
}
