package dev.socketiolambda.local.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.store.TableDefinitions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** What a DynamoDB endpoint reports for the tables the local stack created there. */
final class TableChecks {
  private TableChecks() {}

  /**
   * The state table as DescribeTable reports it has the keys, attribute types, index and billing of
   * {@link TableDefinitions#stateTable} (the definition the CDK construct declares too).
   */
  static TableDescription assertStateTableAsDefined(DynamoDbClient dynamo, String table) {
    TableDescription d = dynamo.describeTable(b -> b.tableName(table)).table();
    CreateTableRequest expected = TableDefinitions.stateTable(table);
    assertThat(d.tableName()).isEqualTo(table);
    assertThat(d.keySchema()).as("key schema of %s", table).containsExactlyElementsOf(expected.keySchema());
    assertThat(d.keySchema()).containsExactly(
        KeySchemaElement.builder().attributeName(TableDefinitions.PK).keyType(KeyType.HASH).build(),
        KeySchemaElement.builder().attributeName(TableDefinitions.SK).keyType(KeyType.RANGE).build());
    assertThat(d.attributeDefinitions()).as("attribute definitions of %s", table)
        .containsExactlyInAnyOrderElementsOf(expected.attributeDefinitions());
    assertThat(d.globalSecondaryIndexes()).as("indexes of %s", table).hasSameSizeAs(expected.globalSecondaryIndexes());
    for (GlobalSecondaryIndex index : expected.globalSecondaryIndexes()) {
      GlobalSecondaryIndexDescription actual = d.globalSecondaryIndexes().stream()
          .filter(g -> g.indexName().equals(index.indexName())).findFirst()
          .orElseThrow(() -> new AssertionError("index " + index.indexName() + " missing on " + table));
      assertThat(actual.keySchema()).as("keys of index %s", index.indexName())
          .containsExactlyElementsOf(index.keySchema());
      assertThat(actual.projection().projectionType()).as("projection of index %s", index.indexName())
          .isEqualTo(index.projection().projectionType());
    }
    assertThat(d.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
        .containsExactly(TableDefinitions.DUE_INDEX);
    assertThat(d.billingModeSummary()).as("billing mode of %s", table).isNotNull();
    assertThat(d.billingModeSummary().billingMode()).isEqualTo(expected.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    return d;
  }

  /** A domain table of the stream rules: keyed as declared, with a NEW_AND_OLD_IMAGES stream. */
  static TableDescription assertDomainTable(DynamoDbClient dynamo, String table, String partitionKey) {
    TableDescription d = dynamo.describeTable(b -> b.tableName(table)).table();
    assertThat(d.keySchema()).containsExactly(
        KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
    assertThat(d.streamSpecification()).as("stream of %s", table).isNotNull();
    assertThat(d.streamSpecification().streamEnabled()).isTrue();
    assertThat(d.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(d.latestStreamArn()).isNotBlank();
    return d;
  }
}
