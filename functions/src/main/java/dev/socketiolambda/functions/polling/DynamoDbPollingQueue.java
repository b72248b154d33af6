package dev.socketiolambda.functions.polling;

import static dev.socketiolambda.functions.store.TableDefinitions.PK;
import static dev.socketiolambda.functions.store.TableDefinitions.SK;
import static dev.socketiolambda.functions.store.TableDefinitions.TTL_ATTRIBUTE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link PollingQueue} in the state table: partition {@code P#<sid>}, the session at sort key
 * {@code #poll} ({@code state}, {@code upgradedTo}, {@code getUntil}), each queued frame at
 * {@code Q#<ms>#<seq>#<rand>} (ordered per writer). Requests: create 1 put; enqueue 1 transaction
 * (condition check + put, 4 WCU); a GET's look 1 strongly consistent query plus 1 batch delete of
 * what it took; lease and release 1 update each. Every item carries a TTL (a day) that sweeps
 * sessions nobody closed.
 */
public final class DynamoDbPollingQueue implements PollingQueue {
  static final String SESSION_SK = "#poll";
  private static final long TTL_SECONDS = 24 * 3600;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbPollingQueue(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  static String pk(String sid) {
    return "P#" + sid;
  }

  @Override
  public void create(String sid, long now) {
    Map<String, AttributeValue> item = key(sid, SESSION_SK);
    item.put("state", s("OPEN"));
    item.put(TTL_ATTRIBUTE, n(now / 1000 + TTL_SECONDS));
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public Optional<PollingSession> session(String sid) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(sid, SESSION_SK))
        .consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(session(sid, item));
  }

  @Override
  public Optional<PollingSession> enqueue(String sid, String frame) {
    Map<String, AttributeValue> item = key(sid, "Q#" + String.format("%013d#%012d#%04x", System.currentTimeMillis(),
        SEQUENCE.incrementAndGet(), ThreadLocalRandom.current().nextInt(0x10000)));
    item.put("frame", s(frame));
    item.put(TTL_ATTRIBUTE, n(System.currentTimeMillis() / 1000 + TTL_SECONDS));
    try {
      dynamo.transactWriteItems(b -> b.transactItems(
          t -> t.conditionCheck(c -> c.tableName(table).key(key(sid, SESSION_SK))
              .conditionExpression("#s = :open").expressionAttributeNames(Map.of("#s", "state"))
              .expressionAttributeValues(Map.of(":open", s("OPEN")))),
          t -> t.put(p -> p.tableName(table).item(item))));
    } catch (TransactionCanceledException refused) {
      if (refused.cancellationReasons().stream().noneMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
        throw refused;
      }
      return Optional.of(session(sid).orElse(PollingSession.gone(sid)));
    }
    PollSignals.signal(sid);
    return Optional.empty();
  }

  @Override
  public Optional<Taken> take(String sid, int maxBytes) {
    QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
        .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", PK))
        .expressionAttributeValues(Map.of(":p", s(pk(sid)))));
    PollingSession session = null;
    List<String> frames = new ArrayList<>();
    List<WriteRequest> deletes = new ArrayList<>();
    int bytes = 0;
    for (Map<String, AttributeValue> item : r.items()) {
      String sk = item.get(SK).s();
      if (sk.equals(SESSION_SK)) {
        session = session(sid, item);
      } else if (sk.startsWith("Q#")) {
        String frame = item.get("frame").s();
        int size = frame.getBytes(StandardCharsets.UTF_8).length + 1;
        if (!frames.isEmpty() && bytes + size > maxBytes) {
          break;
        }
        bytes += size;
        frames.add(frame);
        deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key(sid, sk))).build());
      }
    }
    if (session == null) {
      return Optional.empty();
    }
    batchDelete(deletes);
    return Optional.of(new Taken(session, frames));
  }

  @Override
  public boolean acquireGet(String sid, long now, long leaseUntil) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(sid, SESSION_SK))
          .updateExpression("SET getUntil = :until")
          .conditionExpression("#s = :open AND (attribute_not_exists(getUntil) OR getUntil <= :now)")
          .expressionAttributeNames(Map.of("#s", "state"))
          .expressionAttributeValues(Map.of(":open", s("OPEN"), ":now", n(now), ":until", n(leaseUntil))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public void releaseGet(String sid) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(sid, SESSION_SK)).updateExpression("REMOVE getUntil")
          .conditionExpression("attribute_exists(#p)").expressionAttributeNames(Map.of("#p", PK)));
    } catch (ConditionalCheckFailedException gone) {
      // deleted meanwhile
    }
  }

  @Override
  public void close(String sid) {
    if (setState(sid, "CLOSED", null)) {
      PollSignals.signal(sid);
    }
  }

  @Override
  public boolean claimUpgrade(String sid, String connectionId) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(sid, SESSION_SK)).updateExpression("SET upgrading = :ws")
          .conditionExpression("#s = :open AND attribute_not_exists(upgrading)")
          .expressionAttributeNames(Map.of("#s", "state"))
          .expressionAttributeValues(Map.of(":open", s("OPEN"), ":ws", s(connectionId))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public void markProbed(String sid) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(sid, SESSION_SK)).updateExpression("SET probed = :t")
          .conditionExpression("attribute_exists(#p)").expressionAttributeNames(Map.of("#p", PK))
          .expressionAttributeValues(Map.of(":t", AttributeValue.builder().bool(true).build())));
    } catch (ConditionalCheckFailedException gone) {
      // closed meanwhile
    }
  }

  @Override
  public boolean markUpgraded(String sid, String connectionId) {
    boolean done = setState(sid, "UPGRADED", connectionId);
    if (done) {
      PollSignals.signal(sid);
    }
    return done;
  }

  @Override
  public void markMoved(String sid) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(sid, SESSION_SK)).updateExpression("SET moved = :t")
          .conditionExpression("attribute_exists(#p)").expressionAttributeNames(Map.of("#p", PK))
          .expressionAttributeValues(Map.of(":t", AttributeValue.builder().bool(true).build())));
    } catch (ConditionalCheckFailedException gone) {
      // deleted meanwhile
    }
  }

  private boolean setState(String sid, String state, String upgradedTo) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":open", s("OPEN"), ":state", s(state)));
    String update = "SET #s = :state";
    if (upgradedTo != null) {
      update += ", upgradedTo = :to";
      values.put(":to", s(upgradedTo));
    }
    String expression = update;
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(sid, SESSION_SK)).updateExpression(expression)
          .conditionExpression("#s = :open").expressionAttributeNames(Map.of("#s", "state"))
          .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException notOpen) {
      return false;
    }
  }

  @Override
  public void delete(String sid) {
    List<WriteRequest> deletes = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
          .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", PK))
          .expressionAttributeValues(Map.of(":p", s(pk(sid)))).exclusiveStartKey(from));
      for (Map<String, AttributeValue> item : r.items()) {
        deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key(sid, item.get(SK).s()))).build());
      }
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    batchDelete(deletes);
  }

  private void batchDelete(List<WriteRequest> deletes) {
    for (int i = 0; i < deletes.size(); i += 25) {
      Map<String, List<WriteRequest>> pending = Map.of(table, deletes.subList(i, Math.min(deletes.size(), i + 25)));
      for (int attempt = 0; attempt < 8 && !pending.isEmpty(); attempt++) {
        Map<String, List<WriteRequest>> next = pending;
        pending = dynamo.batchWriteItem(b -> b.requestItems(next)).unprocessedItems();
        if (!pending.isEmpty()) {
          try {
            Thread.sleep(10L << attempt);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting polled frames", e);
          }
        }
      }
      if (!pending.isEmpty()) {
        throw new IllegalStateException("DynamoDB left polled frames undeleted after 8 attempts");
      }
    }
  }

  private static PollingSession session(String sid, Map<String, AttributeValue> item) {
    AttributeValue to = item.get("upgradedTo");
    AttributeValue upgrading = item.get("upgrading");
    AttributeValue getUntil = item.get("getUntil");
    return new PollingSession(sid, PollingSession.State.valueOf(item.get("state").s()), to == null ? null : to.s(),
        upgrading == null ? null : upgrading.s(), getUntil == null ? 0 : Long.parseLong(getUntil.n()),
        item.containsKey("probed"), item.containsKey("moved"));
  }

  private static Map<String, AttributeValue> key(String sid, String sk) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(PK, s(pk(sid)));
    key.put(SK, s(sk));
    return key;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }

  private static AttributeValue n(long v) {
    return AttributeValue.builder().n(Long.toString(v)).build();
  }
}
