package dev.socketiolambda.functions.schedule;

import dev.socketiolambda.functions.store.TableDefinitions;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * A {@link Lease} as one item of the runtime's state table ({@code pk = L#<name>}, {@code sk = #lease}):
 * acquiring is one conditional {@code UpdateItem} (plus one consistent {@code GetItem} when refused,
 * to tell BUSY from DONE), releasing one conditional {@code UpdateItem}.
 */
public final class DynamoDbLease implements Lease {
  /** Lease items outlive their last use by a day, then TTL removes them. */
  static final long TTL_SECONDS = 24 * 3600;

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbLease(DynamoDbClient dynamo, String stateTable) {
    this.dynamo = dynamo;
    this.table = stateTable;
  }

  @Override
  public Result acquire(String name, long slot, String owner, long untilMs, long nowMs) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(name))
          .updateExpression("SET #slot = :slot, #owner = :owner, #until = :until, #ttl = :ttl")
          .conditionExpression("attribute_not_exists(#slot) OR (#slot < :slot AND "
              + "(attribute_not_exists(#owner) OR #until < :now))")
          .expressionAttributeNames(Map.of("#slot", "slot", "#owner", "owner", "#until", "until",
              "#ttl", TableDefinitions.TTL_ATTRIBUTE))
          .expressionAttributeValues(Map.of(":slot", n(slot), ":owner", AttributeValue.fromS(owner),
              ":until", n(untilMs), ":now", n(nowMs), ":ttl", n(nowMs / 1000 + TTL_SECONDS))));
      return Result.ACQUIRED;
    } catch (ConditionalCheckFailedException taken) {
      GetItemResponse item = dynamo.getItem(b -> b.tableName(table).key(key(name)).consistentRead(true));
      AttributeValue held = item.item().get("slot");
      return held != null && Long.parseLong(held.n()) >= slot ? Result.DONE : Result.BUSY;
    }
  }

  @Override
  public void release(String name, String owner) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(name)).updateExpression("REMOVE #owner, #until")
          .conditionExpression("#owner = :owner")
          .expressionAttributeNames(Map.of("#owner", "owner", "#until", "until"))
          .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner))));
    } catch (ConditionalCheckFailedException notOurs) {
      // expired and taken by the next slot: nothing to free
    }
  }

  private static Map<String, AttributeValue> key(String name) {
    return Map.of(TableDefinitions.PK, AttributeValue.fromS("L#" + name), TableDefinitions.SK,
        AttributeValue.fromS("#lease"));
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
