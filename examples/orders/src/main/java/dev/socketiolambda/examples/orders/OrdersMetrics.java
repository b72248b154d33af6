package dev.socketiolambda.examples.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The seed's {@code eventMetrics}: how many times each event was emitted, across every function
 * instance, in one item of the metrics table ({@code pk = "events"}, one number per event name).
 * Counting is one {@code UpdateItem ... ADD} per operation, whatever the number of events it causes.
 */
public final class OrdersMetrics {
  private static final String ITEM = "events";

  private final DynamoDbClient db;
  private final String table;

  public OrdersMetrics(DynamoDbClient db, String table) {
    this.db = db;
    this.table = table;
  }

  /** The metrics table: partition key {@code pk} (S), on demand. */
  public static CreateTableRequest definition(String table) {
    return CreateTableRequest.builder().tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S)
            .build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .build();
  }

  /** Adds one to each event's counter (one UpdateItem). */
  public void count(List<String> events) {
    Set<String> distinct = new LinkedHashSet<>(events);
    if (distinct.isEmpty()) {
      return;
    }
    Map<String, String> names = new HashMap<>();
    StringBuilder add = new StringBuilder("ADD ");
    int i = 0;
    for (String e : distinct) {
      names.put("#e" + i, e);
      add.append(i == 0 ? "" : ", ").append("#e").append(i).append(" :one");
      i++;
    }
    db.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(ITEM)))
        .updateExpression(add.toString()).expressionAttributeNames(names)
        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
  }

  /** Every counter, by event name (one GetItem). */
  public ObjectNode snapshot() {
    Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(ITEM))))
        .item();
    ObjectNode out = Json.object();
    if (item != null) {
      item.entrySet().stream().filter(e -> !e.getKey().equals("pk")).sorted(Map.Entry.comparingByKey())
          .forEach(e -> out.put(e.getKey(), Long.parseLong(e.getValue().n())));
    }
    return out;
  }
}
