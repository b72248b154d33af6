package dev.socketiolambda.functions.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one source of truth for the runtime's DynamoDB table: the local stack creates it from here
 * and the CDK construct declares the same keys, index and TTL attribute.
 *
 * <p>Single-table design, partition {@code pk}, sort {@code sk}:
 * <ul>
 *   <li>{@code C#<connectionId>} / {@code #conn}: the connection (handshake, heartbeat times, binary state)</li>
 *   <li>{@code C#<connectionId>} / {@code S#<namespace>}: a namespace socket (sid, auth, data, rooms)</li>
 *   <li>{@code C#<connectionId>} / {@code A#<ackId>}: a pending server-to-client ack</li>
 *   <li>{@code R#<len(nsp)>:<nsp><room>} / {@code <connectionId>}: room membership (room "" = every socket of the namespace)</li>
 *   <li>{@code N#<bucket>} / {@code #counts}: counters summed across invocations ({@code c:<name>} attributes)</li>
 * </ul>
 * Index {@value #DUE_INDEX} ({@code dueBucket}, {@code dueAt}) finds connections and acks that are
 * due for the heartbeat without a scan. Attribute {@value #TTL_ATTRIBUTE} expires orphans.
 */
public final class TableDefinitions {
  public static final String DEFAULT_TABLE_NAME = "socketio";
  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String DUE_INDEX = "due";
  public static final String DUE_BUCKET = "dueBucket";
  public static final String DUE_AT = "dueAt";
  public static final String TTL_ATTRIBUTE = "ttl";

  private TableDefinitions() {}

  /** The CreateTable request for the state table (on-demand billing). */
  public static CreateTableRequest stateTable(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attr(PK, ScalarAttributeType.S),
            attr(SK, ScalarAttributeType.S),
            attr(DUE_BUCKET, ScalarAttributeType.S),
            attr(DUE_AT, ScalarAttributeType.N))
        .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(DUE_INDEX)
            .keySchema(key(DUE_BUCKET, KeyType.HASH), key(DUE_AT, KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
            .build())
        .build();
  }

  /** Every table the runtime needs, by name. */
  public static List<CreateTableRequest> all(String stateTableName) {
    return List.of(stateTable(stateTableName));
  }

  private static AttributeDefinition attr(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
