package dev.socketiolambda.functions.recovery;

import dev.socketiolambda.functions.store.TableDefinitions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The recovery store in the runtime's state table (keys {@code pk}/{@code sk}, TTL on {@code ttl}):
 * <ul>
 *   <li>{@code E#<len(nsp)>:<nsp>#<minute>#<shard>} / {@code <offset>}: one logged broadcast
 *       ({@code rooms}, {@code except}, {@code excl}, {@code frames}); a namespace's writes spread over
 *       {@code shards} partitions per minute;</li>
 *   <li>{@code P#<sha256(pid)>} / {@code #session}: a disconnected socket's session.</li>
 * </ul>
 * Requests: an append is 1 PutItem; a recovery is 1 DeleteItem (the session) plus one Query per
 * shard per minute between the client's offset and now (all pages, strongly consistent);
 * a disconnection is 1 PutItem per recoverable socket.
 */
public final class DynamoDbRecoveryStore implements RecoveryStore {
  static final long BUCKET_MS = 60_000;
  private static final String PK = TableDefinitions.PK;
  private static final String SK = TableDefinitions.SK;
  private static final String SESSION_SK = "#session";

  private final DynamoDbClient dynamo;
  private final String table;
  private final int shards;

  public DynamoDbRecoveryStore(DynamoDbClient dynamo, String table, int shards) {
    this.dynamo = dynamo;
    this.table = table;
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    }
    this.shards = shards;
  }

  @Override
  public void append(LoggedEvent e, long keepUntil) {
    long at = Offsets.millisOf(e.offset());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(logPk(e.namespace(), at / BUCKET_MS, ThreadLocalRandom.current().nextInt(shards))));
    item.put(SK, s(e.offset()));
    item.put("rooms", list(e.rooms()));
    item.put("except", list(e.except()));
    if (e.excludedConnection() != null) {
      item.put("excl", s(e.excludedConnection()));
    }
    item.put("frames", list(e.frames()));
    item.put(TableDefinitions.TTL_ATTRIBUTE, n(keepUntil / 1000 + 1));
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public List<LoggedEvent> from(String namespace, String offset, long now, int limit) {
    List<LoggedEvent> out = new ArrayList<>();
    for (long bucket = Offsets.millisOf(offset) / BUCKET_MS; bucket <= now / BUCKET_MS; bucket++) {
      // every shard of a minute is read (each up to the limit) before cutting: a shard holds any part of it
      for (int shard = 0; shard < shards; shard++) {
        read(logPk(namespace, bucket, shard), namespace, offset, limit, out);
      }
      if (out.size() >= limit) {
        break; // later minutes only hold later offsets
      }
    }
    return sorted(out, limit);
  }

  /** Reads the first {@code limit} events of one partition from the offset into {@code out}. */
  private void read(String pk, String namespace, String offset, int limit, List<LoggedEvent> out) {
    Map<String, AttributeValue> start = null;
    int read = 0;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
          .keyConditionExpression("#p = :p AND #s >= :o").expressionAttributeNames(Map.of("#p", PK, "#s", SK))
          .expressionAttributeValues(Map.of(":p", s(pk), ":o", s(offset))).exclusiveStartKey(exclusiveStart)
          .limit(limit - read).build());
      for (Map<String, AttributeValue> item : r.items()) {
        read++;
        out.add(new LoggedEvent(item.get(SK).s(), namespace, strings(item.get("rooms")),
            strings(item.get("except")), item.containsKey("excl") ? item.get("excl").s() : null,
            listOf(item.get("frames"))));
      }
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null && read < limit);
  }

  private static List<LoggedEvent> sorted(List<LoggedEvent> events, int limit) {
    events.sort(Comparator.comparing(LoggedEvent::offset));
    return events.size() > limit ? events.subList(0, limit) : events;
  }

  @Override
  public void saveSession(String pidHash, Session session) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(sessionPk(pidHash)));
    item.put(SK, s(SESSION_SK));
    item.put("nsp", s(session.namespace()));
    item.put("sid", s(session.sid()));
    item.put("conn", s(session.connectionId()));
    item.put("rooms", list(session.rooms()));
    item.put("data", s(session.dataJson()));
    item.put("at", n(session.disconnectedAt()));
    item.put("expiresAt", n(session.expiresAt()));
    item.put(TableDefinitions.TTL_ATTRIBUTE, n(session.expiresAt() / 1000 + 1));
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public Optional<Session> takeSession(String pidHash) {
    Map<String, AttributeValue> old;
    try {
      // conditional: of two deletes racing for one session, exactly one succeeds and gets it
      old = dynamo.deleteItem(b -> b.tableName(table).key(Map.of(PK, s(sessionPk(pidHash)), SK, s(SESSION_SK)))
          .conditionExpression("attribute_exists(#p)").expressionAttributeNames(Map.of("#p", PK))
          .returnValues(ReturnValue.ALL_OLD)).attributes();
    } catch (ConditionalCheckFailedException absent) {
      return Optional.empty();
    }
    if (old == null || old.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Session(old.get("nsp").s(), old.get("sid").s(), old.get("conn").s(),
        strings(old.get("rooms")), old.get("data").s(), Long.parseLong(old.get("at").n()),
        Long.parseLong(old.get("expiresAt").n())));
  }

  static String logPk(String namespace, long bucket, int shard) {
    return "E#" + namespace.length() + ":" + namespace + "#" + bucket + "#" + shard;
  }

  private static String sessionPk(String pidHash) {
    return "P#" + pidHash;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static AttributeValue list(java.util.Collection<String> values) {
    return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
  }

  private static List<String> listOf(AttributeValue v) {
    return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
  }

  private static Set<String> strings(AttributeValue v) {
    return Set.copyOf(listOf(v));
  }
}
