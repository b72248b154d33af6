package dev.socketiolambda.functions.store;

import static dev.socketiolambda.functions.store.TableDefinitions.PK;
import static dev.socketiolambda.functions.store.TableDefinitions.SK;
import static dev.socketiolambda.functions.store.TableDefinitions.TTL_ATTRIBUTE;

import dev.socketiolambda.functions.Backoff;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The counter buckets of {@link DynamoDbStateStore} ({@link StateStore#addCounts}): item
 * {@code N#<bucket>} / {@code #counts}, one number attribute {@code c:<name>} per counter, added to
 * with {@code ADD} (atomic, no read), expired by the table's TTL.
 */
final class DynamoDbCounts {
  private static final String PREFIX = "c:";
  private static final int MAX_BATCH_RETRIES = 8;

  private final DynamoDbClient dynamo;
  private final String table;

  DynamoDbCounts(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  void add(String bucket, Map<String, Long> counts, long expiresAtMs) {
    if (counts.isEmpty()) {
      return;
    }
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> adds = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Long> c : counts.entrySet()) {
      names.put("#c" + i, PREFIX + c.getKey());
      values.put(":c" + i, AttributeValue.fromN(Long.toString(c.getValue())));
      adds.add("#c" + i + " :c" + i);
      i++;
    }
    names.put("#ttl", TTL_ATTRIBUTE);
    values.put(":ttl", AttributeValue.fromN(Long.toString(expiresAtMs / 1000)));
    dynamo.updateItem(b -> b.tableName(table).key(key(bucket))
        .updateExpression("ADD " + String.join(", ", adds) + " SET #ttl = :ttl")
        .expressionAttributeNames(names).expressionAttributeValues(values));
  }

  Map<String, Map<String, Long>> read(Collection<String> buckets) {
    List<String> all = new ArrayList<>(new LinkedHashSet<>(buckets));
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (int from = 0; from < all.size(); from += 100) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      all.subList(from, Math.min(all.size(), from + 100)).forEach(b -> keys.add(key(b)));
      Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
      for (int attempt = 0; !request.isEmpty(); attempt++) {
        if (attempt == MAX_BATCH_RETRIES) {
          throw new StoreException("DynamoDB left counter keys unprocessed after " + MAX_BATCH_RETRIES + " attempts");
        }
        if (attempt > 0) {
          Backoff.sleepWithJitter(attempt, 20, 1_000);
        }
        Map<String, KeysAndAttributes> ask = request;
        BatchGetItemResponse r = dynamo.batchGetItem(b -> b.requestItems(ask));
        r.responses().getOrDefault(table, List.of()).forEach(item -> out.put(
            item.get(PK).s().substring(Keys.countsPk("").length()), countsOf(item)));
        request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
      }
    }
    return out;
  }

  private static Map<String, Long> countsOf(Map<String, AttributeValue> item) {
    Map<String, Long> counts = new LinkedHashMap<>();
    item.forEach((name, value) -> {
      if (name.startsWith(PREFIX) && value.n() != null) {
        counts.put(name.substring(PREFIX.length()), Long.parseLong(value.n()));
      }
    });
    return counts;
  }

  private static Map<String, AttributeValue> key(String bucket) {
    return Map.of(PK, AttributeValue.fromS(Keys.countsPk(bucket)), SK, AttributeValue.fromS(Keys.COUNTS_SK));
  }
}
