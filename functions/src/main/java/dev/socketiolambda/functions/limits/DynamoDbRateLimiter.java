package dev.socketiolambda.functions.limits;

import java.util.Map;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A fixed-window counter per name, key and window in DynamoDB: one conditional {@code UpdateItem}
 * per check ({@code ADD n 1} if {@code n < max}), so parallel invocations can never count more
 * than {@code max} in a window; a refused check changes nothing. Windows are aligned on the epoch;
 * counters expire by TTL. See {@code docs/design.md}, "Rate limits".
 */
public final class DynamoDbRateLimiter implements RateLimiter {
  /** How long after its window ends a counter item may be deleted by TTL. */
  static final long TTL_GRACE_SECONDS = 60;

  private final DynamoDbClient dynamo;
  private final String table;
  private final LongSupplier clock;

  public DynamoDbRateLimiter(DynamoDbClient dynamo, String table, LongSupplier clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public Decision tryAcquire(String name, Limit limit, RateKey key) {
    long now = clock.getAsLong();
    long start = limit.windowStart(now);
    long end = start + limit.windowMs();
    UpdateItemRequest request = UpdateItemRequest.builder()
        .tableName(table)
        .key(Map.of(RateLimitTable.PK, AttributeValue.fromS(CounterKeys.of(name, key, start))))
        .updateExpression("ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl)")
        .conditionExpression("attribute_not_exists(#n) OR #n < :max")
        .expressionAttributeNames(Map.of("#n", RateLimitTable.COUNT, "#ttl", RateLimitTable.TTL_ATTRIBUTE))
        .expressionAttributeValues(Map.of(
            ":one", AttributeValue.fromN("1"),
            ":max", AttributeValue.fromN(Integer.toString(limit.max())),
            ":ttl", AttributeValue.fromN(Long.toString(Math.floorDiv(end + 999, 1000) + TTL_GRACE_SECONDS))))
        .returnValues(ReturnValue.UPDATED_NEW)
        .build();
    try {
      int count = Integer.parseInt(dynamo.updateItem(request).attributes().get(RateLimitTable.COUNT).n());
      return Decision.allow(limit.max() - count, limit);
    } catch (ConditionalCheckFailedException full) {
      return Decision.refuse(end - now, limit);
    } catch (SdkException e) {
      throw new RateLimitException("rate limit " + name + " for " + key + " could not be checked in table "
          + table + ": " + e.getMessage(), e);
    }
  }
}
