package dev.socketiolambda.examples.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The support desk's data, in two tables.
 *
 * <p>The <b>queries table</b> (the streamed domain table, key {@code queryId}) holds one item per
 * query: {@code queryId, vendorId, vendorName, subject, message, status, isRead, createdAt,
 * createdBy, updatedAt, messageCount, lastMessageAt, unreadBySupport, unreadByVendor} and after a
 * read {@code readBy, readByRole, readAt}. Its INSERT becomes {@code newSupportQuery}, a change of
 * {@code readAt} becomes {@code queryMarkedAsRead} (stream rules, {@code support-rules.json}).
 *
 * <p>The <b>support table</b> ({@code pk, sk}) holds the messages, {@code Q#<queryId> / M#<id, 12
 * digits>}, ordered by their per-query sequence number, and two listings of query ids, newest last:
 * {@code V#<vendorId> / <createdAt>#<queryId>} (a vendor's queries) and {@code INBOX /
 * <createdAt>#<queryId>} (every query, for support staff).
 */
public final class QueryStore {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final String INBOX = "INBOX";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The query item's attributes a client sees, in this order. */
  private static final List<String> QUERY_FIELDS = List.of("queryId", "vendorId", "vendorName", "subject",
      "message", "status", "isRead", "createdAt", "createdBy", "updatedAt", "messageCount", "lastMessageAt",
      "unreadBySupport", "unreadByVendor", "readBy", "readByRole", "readAt");
  private static final List<String> MESSAGE_FIELDS = List.of("id", "queryId", "senderId", "senderName",
      "senderRole", "content", "createdAt");

  private final DynamoDbClient db;
  private final String table;
  private final String queriesTable;
  private final LongSupplier clock;

  public QueryStore(DynamoDbClient db, String table, String queriesTable, LongSupplier clock) {
    this.db = db;
    this.table = table;
    this.queriesTable = queriesTable;
    this.clock = clock;
  }

  /** One page, oldest first for messages and newest first for queries; {@code nextCursor} null when it was the last. */
  public record Page(List<ObjectNode> items, String nextCursor) {}

  // ---- queries

  /**
   * Creates a query and its two listing entries in one transaction (one request); its id is random.
   *
   * @return the query as clients see it
   */
  public ObjectNode create(String vendorId, String vendorName, String subject, String message, Actor by) {
    return create(newQueryId(), vendorId, vendorName, subject, message, by);
  }

  /** Creates the query with this id, unless it exists (for demo data); returns it either way. */
  public ObjectNode create(String queryId, String vendorId, String vendorName, String subject, String message,
      Actor by) {
    String now = now();
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("queryId", s(queryId));
    item.put("vendorId", s(vendorId));
    item.put("vendorName", s(vendorName));
    item.put("subject", s(subject));
    item.put("message", s(message));
    item.put("status", s("open"));
    item.put("isRead", AttributeValue.fromBool(false));
    item.put("createdAt", s(now));
    item.put("createdBy", s(by.userId()));
    item.put("updatedAt", s(now));
    item.put("messageCount", n(0));
    item.put("unreadBySupport", n(1)); // the query's own message
    item.put("unreadByVendor", n(0));
    String listed = now + "#" + queryId;
    try {
      db.transactWriteItems(b -> b.transactItems(
          put(queriesTable, item, "attribute_not_exists(queryId)"),
          put(table, Map.of("pk", s("V#" + vendorId), "sk", s(listed), "queryId", s(queryId)), null),
          put(table, Map.of("pk", s(INBOX), "sk", s(listed), "queryId", s(queryId)), null)));
    } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException exists) {
      return query(queryId).orElseThrow(() -> exists);
    }
    return toQuery(item);
  }

  /** The query (one GetItem, strongly consistent), if it exists. */
  public Optional<ObjectNode> query(String queryId) {
    Map<String, AttributeValue> item = db.getItem(b -> b.tableName(queriesTable).consistentRead(true)
        .key(Map.of("queryId", s(queryId)))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toQuery(item));
  }

  /**
   * The queries {@code actor} may see, newest first: a vendor's own, or every query for staff. One
   * Query on the listing plus one BatchGetItem of the queries (fresh read state).
   *
   * @param cursor the {@code nextCursor} of the previous page, or null for the newest
   */
  public Page list(Actor actor, int limit, String cursor) {
    String pk = actor.staff() ? INBOX : "V#" + actor.userId();
    QueryResponse listing = db.query(b -> {
      b.tableName(table).keyConditionExpression("pk = :pk").scanIndexForward(false).limit(limit)
          .expressionAttributeValues(Map.of(":pk", s(pk)));
      if (cursor != null) {
        b.exclusiveStartKey(Map.of("pk", s(pk), "sk", s(cursor)));
      }
    });
    List<String> ids = listing.items().stream().map(i -> i.get("queryId").s()).toList();
    Map<String, ObjectNode> byId = new HashMap<>();
    List<Map<String, AttributeValue>> keys = ids.stream().distinct().map(id -> Map.of("queryId", s(id))).toList();
    Map<String, KeysAndAttributes> pending = keys.isEmpty() ? Map.of()
        : Map.of(queriesTable, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
    for (int attempt = 0; !pending.isEmpty() && attempt < 5; attempt++) { // unprocessed keys: bounded retries
      Map<String, KeysAndAttributes> request = new HashMap<>(pending);
      var response = db.batchGetItem(b -> b.requestItems(request));
      response.responses().getOrDefault(queriesTable, List.of())
          .forEach(i -> byId.put(i.get("queryId").s(), toQuery(i)));
      pending = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
    }
    List<ObjectNode> queries = new ArrayList<>();
    ids.forEach(id -> Optional.ofNullable(byId.get(id)).ifPresent(queries::add));
    Map<String, AttributeValue> last = listing.lastEvaluatedKey();
    return new Page(queries, last == null || last.isEmpty() ? null : last.get("sk").s());
  }

  /**
   * Marks the query read by {@code reader} (one UpdateItem): sets {@code readBy, readByRole, readAt};
   * staff also set {@code isRead} and clear {@code unreadBySupport}, the vendor clears
   * {@code unreadByVendor}. A change of {@code readAt} is what the stream rule turns into
   * {@code queryMarkedAsRead}.
   *
   * @throws SupportError NOT_FOUND (also for a vendor's attempt on another vendor's query, so ids do not leak)
   */
  public ObjectNode markRead(String queryId, Actor reader) {
    String now = now();
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":by", s(reader.userId()));
    values.put(":role", s(reader.role()));
    values.put(":now", s(now));
    values.put(":zero", n(0));
    String update = "SET readBy = :by, readByRole = :role, readAt = :now, updatedAt = :now, ";
    if (reader.staff()) {
      update += "isRead = :true, unreadBySupport = :zero";
      values.put(":true", AttributeValue.fromBool(true));
    } else {
      update += "unreadByVendor = :zero";
    }
    return updateQuery(queryId, reader, update, values);
  }

  private ObjectNode updateQuery(String queryId, Actor actor, String update, Map<String, AttributeValue> values) {
    Map<String, AttributeValue> v = new HashMap<>(values);
    String condition = "attribute_exists(queryId)";
    if (!actor.staff()) {
      condition += " AND vendorId = :me";
      v.put(":me", s(actor.userId()));
    }
    String c = condition;
    try {
      return toQuery(db.updateItem(UpdateItemRequest.builder().tableName(queriesTable)
          .key(Map.of("queryId", s(queryId))).updateExpression(update).conditionExpression(c)
          .expressionAttributeValues(v).returnValues(ReturnValue.ALL_NEW).build()).attributes());
    } catch (ConditionalCheckFailedException e) {
      throw SupportError.notFound("no support query " + queryId);
    }
  }

  // ---- messages

  /**
   * Stores a message in the query's conversation (two requests): the query's counters first (its
   * {@code messageCount} is the message's id, so ids are gap-free and ordered per query, and the other
   * side's unread count grows; a vendor's message makes the query unread for support again), then the
   * message.
   *
   * @return the message and the query after the update
   * @throws SupportError NOT_FOUND when the query does not exist or is another vendor's
   */
  public Sent send(String queryId, Actor sender, String content) {
    String now = now();
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":now", s(now));
    values.put(":one", n(1));
    String update = sender.staff()
        ? "SET lastMessageAt = :now, updatedAt = :now ADD messageCount :one, unreadByVendor :one"
        : "SET lastMessageAt = :now, updatedAt = :now, isRead = :false ADD messageCount :one, unreadBySupport :one";
    if (!sender.staff()) {
      values.put(":false", AttributeValue.fromBool(false));
    }
    ObjectNode query = updateQuery(queryId, sender, update, values);
    long id = query.path("messageCount").asLong();
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", s("Q#" + queryId));
    item.put("sk", s(messageKey(id)));
    item.put("id", n(id));
    item.put("queryId", s(queryId));
    item.put("senderId", s(sender.userId()));
    item.put("senderName", s(sender.name()));
    item.put("senderRole", s(sender.role()));
    item.put("content", s(content));
    item.put("createdAt", s(now));
    db.putItem(b -> b.tableName(table).item(item));
    return new Sent(toJson(item, MESSAGE_FIELDS), query);
  }

  /** A stored message and its query after the send. */
  public record Sent(ObjectNode message, ObjectNode query) {}

  /**
   * A page of the conversation, oldest first (one Query): the newest {@code limit} messages with an id
   * below {@code before} (0: the newest). {@code nextCursor} is the {@code before} of the next older
   * page (as text), null when there is none.
   */
  public Page history(String queryId, long before, int limit) {
    QueryResponse r = db.query(b -> b.tableName(table).keyConditionExpression("pk = :pk AND sk < :before")
        .expressionAttributeValues(Map.of(":pk", s("Q#" + queryId),
            ":before", s(before > 0 ? messageKey(before) : "M#~")))
        .scanIndexForward(false).limit(limit));
    List<ObjectNode> messages = new ArrayList<>();
    r.items().forEach(i -> messages.add(toJson(i, MESSAGE_FIELDS)));
    Collections.reverse(messages);
    boolean more = r.lastEvaluatedKey() != null && !r.lastEvaluatedKey().isEmpty() && !messages.isEmpty()
        && messages.get(0).path("id").asLong() > 1;
    return new Page(messages, more ? messages.get(0).path("id").asText() : null);
  }

  // ---- helpers

  static String newQueryId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return "q-" + HexFormat.of().formatHex(b);
  }

  private static String messageKey(long id) {
    return "M#" + String.format("%012d", id);
  }

  private String now() {
    return ISO.format(Instant.ofEpochMilli(clock.getAsLong()));
  }

  private static TransactWriteItem put(String table, Map<String, AttributeValue> item, String condition) {
    Put.Builder p = Put.builder().tableName(table).item(item);
    if (condition != null) {
      p.conditionExpression(condition);
    }
    return TransactWriteItem.builder().put(p.build()).build();
  }

  static ObjectNode toQuery(Map<String, AttributeValue> item) {
    return toJson(item, QUERY_FIELDS);
  }

  private static ObjectNode toJson(Map<String, AttributeValue> item, List<String> fields) {
    ObjectNode o = Json.object();
    for (String f : fields) {
      AttributeValue v = item.get(f);
      if (v == null) {
        continue;
      }
      if (v.s() != null) {
        o.put(f, v.s());
      } else if (v.n() != null) {
        o.put(f, Long.parseLong(v.n()));
      } else if (v.bool() != null) {
        o.put(f, v.bool());
      }
    }
    return o;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
