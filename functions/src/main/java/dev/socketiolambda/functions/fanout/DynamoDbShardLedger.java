package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.store.TableDefinitions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The {@link ShardLedger} in the state table: one row per shard, {@code F#<sha256(shard id)>} /
 * {@code #shard}, with the owner, its lease and the string set of settled connections; it expires
 * by TTL after {@link #RETENTION} (a dead-letter replay after that reaches everyone again).
 * Requests per shard: one {@code UpdateItem} to claim, one per settled chunk but the last, one to
 * record the last chunk and release (a broadcast of up to 250 recipients, one chunk: 2 in all).
 */
public final class DynamoDbShardLedger implements ShardLedger {
  /** How long a shard's record is kept: longer than any redelivery, shorter than the DLQ's 14 days. */
  public static final Duration RETENTION = Duration.ofDays(4);
  private static final String SK = "#shard";

  private final DynamoDbClient dynamo;
  private final String table;
  private final LongSupplier clock;

  public DynamoDbShardLedger(DynamoDbClient dynamo, String table, LongSupplier clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  public DynamoDbShardLedger(DynamoDbClient dynamo, String table) {
    this(dynamo, table, System::currentTimeMillis);
  }

  @Override
  public Set<String> claim(String shardId, String owner, long leaseUntilMs) {
    try {
      Map<String, AttributeValue> row = dynamo.updateItem(b -> b.tableName(table).key(key(shardId))
          .updateExpression("SET #owner = :owner, #lease = :lease, #ttl = :ttl")
          .conditionExpression("attribute_not_exists(#lease) OR #lease < :now OR #owner = :owner")
          .expressionAttributeNames(Map.of("#owner", "owner", "#lease", "leaseUntil",
              "#ttl", TableDefinitions.TTL_ATTRIBUTE))
          .expressionAttributeValues(Map.of(":owner", s(owner), ":lease", n(leaseUntilMs), ":now",
              n(clock.getAsLong()), ":ttl", n(expiry())))
          .returnValues(ReturnValue.ALL_NEW)).attributes();
      AttributeValue settled = row.get("settled");
      return settled == null || !settled.hasSs() ? Set.of() : Set.copyOf(settled.ss());
    } catch (ConditionalCheckFailedException e) {
      throw new FanOutException.ShardBusy(shardId);
    }
  }

  @Override
  public void settle(String shardId, Collection<String> connectionIds) {
    if (connectionIds.isEmpty()) {
      return;
    }
    dynamo.updateItem(b -> b.tableName(table).key(key(shardId))
        .updateExpression("ADD settled :ids SET #ttl = :ttl")
        .expressionAttributeNames(Map.of("#ttl", TableDefinitions.TTL_ATTRIBUTE))
        .expressionAttributeValues(Map.of(":ids", AttributeValue.fromSs(List.copyOf(connectionIds)),
            ":ttl", n(expiry()))));
  }

  @Override
  public void release(String shardId, String owner) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(shardId))
          .updateExpression("REMOVE #owner, #lease")
          .conditionExpression("#owner = :owner")
          .expressionAttributeNames(Map.of("#owner", "owner", "#lease", "leaseUntil"))
          .expressionAttributeValues(Map.of(":owner", s(owner))));
    } catch (ConditionalCheckFailedException e) {
      // another worker took over after our lease ran out: its claim stands
    }
  }

  /**
   * One {@code UpdateItem} (settled, TTL, claim removed) conditioned on the owner; when another
   * worker took the shard over, the connections are still recorded (as {@link #settle}).
   */
  @Override
  public void settleAndRelease(String shardId, Collection<String> connectionIds, String owner) {
    if (connectionIds.isEmpty()) {
      release(shardId, owner);
      return;
    }
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(shardId))
          .updateExpression("ADD settled :ids SET #ttl = :ttl REMOVE #owner, #lease")
          .conditionExpression("#owner = :owner")
          .expressionAttributeNames(Map.of("#owner", "owner", "#lease", "leaseUntil",
              "#ttl", TableDefinitions.TTL_ATTRIBUTE))
          .expressionAttributeValues(Map.of(":ids", AttributeValue.fromSs(List.copyOf(connectionIds)),
              ":ttl", n(expiry()), ":owner", s(owner))));
    } catch (ConditionalCheckFailedException e) {
      settle(shardId, connectionIds); // another worker's claim stands; what we delivered is still settled
    }
  }

  private long expiry() {
    return (clock.getAsLong() + RETENTION.toMillis()) / 1000;
  }

  private static Map<String, AttributeValue> key(String shardId) {
    return Map.of(TableDefinitions.PK, s("F#" + sha256(shardId)), TableDefinitions.SK, s(SK));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
