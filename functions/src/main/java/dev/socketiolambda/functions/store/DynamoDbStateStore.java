package dev.socketiolambda.functions.store;

import static dev.socketiolambda.functions.store.TableDefinitions.DUE_AT;
import static dev.socketiolambda.functions.store.TableDefinitions.DUE_BUCKET;
import static dev.socketiolambda.functions.store.TableDefinitions.DUE_INDEX;
import static dev.socketiolambda.functions.store.TableDefinitions.PK;
import static dev.socketiolambda.functions.store.TableDefinitions.SK;
import static dev.socketiolambda.functions.store.TableDefinitions.TTL_ATTRIBUTE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.Backoff;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link StateStore} over one DynamoDB table laid out as {@link TableDefinitions} describes. */
public final class DynamoDbStateStore implements StateStore {
  private static final int BATCH_LIMIT = 25;
  private static final int MAX_BATCH_RETRIES = 8;

  private final DynamoDbClient dynamo;
  private final String table;
  private final DueIndexSettings due;

  public DynamoDbStateStore(DynamoDbClient dynamo, String table, DueIndexSettings due) {
    this.dynamo = dynamo;
    this.table = table;
    this.due = due;
  }

  // ---- connections

  @Override
  public void putConnection(ConnectionRecord c) {
    Map<String, AttributeValue> item = key(Keys.connectionPk(c.connectionId()), Keys.CONNECTION_SK);
    item.put("eioSid", s(c.eioSid()));
    item.put("endpoint", s(c.endpoint()));
    item.put("connectedAt", n(c.connectedAt()));
    item.put("sourceIp", s(c.sourceIp()));
    item.put("headers", s(writeStringMap(c.headers())));
    item.put("query", s(writeQuery(c.query())));
    item.put("lastPingAt", n(c.lastPingAt()));
    item.put("lastPongAt", n(c.lastPongAt()));
    item.put("connectDeadline", n(c.connectDeadline()));
    item.put(DUE_AT, n(c.dueAt()));
    item.put(DUE_BUCKET, s(Keys.bucket(c.dueAt(), due.bucketMs(), c.connectionId(), due.shards())));
    item.put(TTL_ATTRIBUTE, n(ttl(c.connectedAt())));
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public Optional<ConnectionRecord> getConnection(String connectionId) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
        .key(key(Keys.connectionPk(connectionId), Keys.CONNECTION_SK)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ConnectionRecord(connectionId, str(item, "eioSid"), str(item, "endpoint"),
        num(item, "connectedAt"), str(item, "sourceIp"), readStringMap(str(item, "headers")),
        readQuery(str(item, "query")), num(item, "lastPingAt"), num(item, "lastPongAt"),
        num(item, "connectDeadline"), num(item, DUE_AT)));
  }

  @Override
  public void recordPong(String connectionId, long at, long nextDueAt) {
    updateIfExists(connectionId, "SET lastPongAt = :t, " + DUE_AT + " = :d, " + DUE_BUCKET + " = :b",
        Map.of(":t", n(at), ":d", n(nextDueAt),
            ":b", s(Keys.bucket(nextDueAt, due.bucketMs(), connectionId, due.shards()))));
  }

  @Override
  public void recordPing(String connectionId, long at, long nextDueAt) {
    updateIfExists(connectionId, "SET lastPingAt = :t, " + DUE_AT + " = :d, " + DUE_BUCKET + " = :b",
        Map.of(":t", n(at), ":d", n(nextDueAt),
            ":b", s(Keys.bucket(nextDueAt, due.bucketMs(), connectionId, due.shards()))));
  }

  @Override
  public void clearConnectDeadline(String connectionId, long nextDueAt) {
    updateIfExists(connectionId, "SET connectDeadline = :z, " + DUE_AT + " = :d, " + DUE_BUCKET + " = :b",
        Map.of(":z", n(0), ":d", n(nextDueAt),
            ":b", s(Keys.bucket(nextDueAt, due.bucketMs(), connectionId, due.shards()))));
  }

  private void updateIfExists(String connectionId, String expression, Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(Keys.connectionPk(connectionId), Keys.CONNECTION_SK))
          .updateExpression(expression).conditionExpression("attribute_exists(" + PK + ")")
          .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException gone) {
      // the connection was removed meanwhile: nothing to update
    }
  }

  // ---- sockets and rooms

  @Override
  public void putSocket(SocketRecord socket) {
    List<WriteRequest> writes = new ArrayList<>();
    Map<String, AttributeValue> item = key(Keys.connectionPk(socket.connectionId()), Keys.socketSk(socket.namespace()));
    item.put("nsp", s(socket.namespace()));
    item.put("sid", s(socket.sid()));
    item.put("auth", s(socket.authJson()));
    item.put("data", s(socket.dataJson()));
    item.put("rooms", AttributeValue.fromSs(new ArrayList<>(socket.rooms())));
    item.put("connectedAt", n(socket.connectedAt()));
    if (socket.pidHash() != null) {
      item.put("pid", s(socket.pidHash())); // connection state recovery: the hash of the private id
    }
    item.put(TTL_ATTRIBUTE, n(ttl(socket.connectedAt())));
    writes.add(put(item));
    writes.add(put(memberItem(socket, "")));
    for (String room : socket.rooms()) {
      writes.add(put(memberItem(socket, room)));
    }
    batchWrite(writes);
  }

  private Map<String, AttributeValue> memberItem(SocketRecord socket, String room) {
    Map<String, AttributeValue> m = key(Keys.roomPk(socket.namespace(), room), socket.connectionId());
    m.put("sid", s(socket.sid()));
    m.put(TTL_ATTRIBUTE, n(ttl(System.currentTimeMillis())));
    return m;
  }

  @Override
  public Optional<SocketRecord> getSocket(String connectionId, String namespace) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
        .key(key(Keys.connectionPk(connectionId), Keys.socketSk(namespace))).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(socketOf(connectionId, item));
  }

  private static SocketRecord socketOf(String connectionId, Map<String, AttributeValue> item) {
    AttributeValue rooms = item.get("rooms");
    return new SocketRecord(connectionId, str(item, "nsp"), str(item, "sid"), str(item, "auth"), str(item, "data"),
        rooms == null ? Set.of() : new HashSet<>(rooms.ss()), num(item, "connectedAt"), str(item, "pid"));
  }

  @Override
  public List<SocketRecord> socketsOf(String connectionId) {
    List<SocketRecord> out = new ArrayList<>();
    for (Map<String, AttributeValue> item : partition(Keys.connectionPk(connectionId))) {
      if (str(item, SK).startsWith("S#")) {
        out.add(socketOf(connectionId, item));
      }
    }
    return out;
  }

  @Override
  public void deleteSocket(SocketRecord socket) {
    // the stored row's rooms, not only the caller's copy: rooms joined since it was read must go too
    Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table)
        .key(key(Keys.connectionPk(socket.connectionId()), Keys.socketSk(socket.namespace())))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    Set<String> rooms = new HashSet<>(socket.rooms());
    AttributeValue stored = old == null ? null : old.get("rooms");
    if (stored != null && stored.hasSs()) {
      rooms.addAll(stored.ss());
    }
    batchWrite(membershipDeletes(socket, rooms));
  }

  private List<WriteRequest> membershipDeletes(SocketRecord socket, Collection<String> rooms) {
    List<WriteRequest> writes = new ArrayList<>();
    writes.add(delete(key(Keys.roomPk(socket.namespace(), ""), socket.connectionId())));
    for (String room : rooms) {
      writes.add(delete(key(Keys.roomPk(socket.namespace(), room), socket.connectionId())));
    }
    return writes;
  }

  @Override
  public void updateSocketData(String connectionId, String namespace, String dataJson) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(Keys.connectionPk(connectionId), Keys.socketSk(namespace)))
          .updateExpression("SET #d = :d").conditionExpression("attribute_exists(" + PK + ")")
          .expressionAttributeNames(Map.of("#d", "data")).expressionAttributeValues(Map.of(":d", s(dataJson))));
    } catch (ConditionalCheckFailedException gone) {
      // socket disconnected meanwhile
    }
  }

  @Override
  public void join(SocketRecord socket, Collection<String> rooms) {
    if (rooms.isEmpty()) {
      return;
    }
    List<WriteRequest> writes = new ArrayList<>();
    for (String room : rooms) {
      writes.add(put(memberItem(socket, room)));
    }
    batchWrite(writes);
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(key(Keys.connectionPk(socket.connectionId()), Keys.socketSk(socket.namespace())))
          .updateExpression("ADD rooms :r").conditionExpression("attribute_exists(" + PK + ")")
          .expressionAttributeValues(Map.of(":r", AttributeValue.fromSs(new ArrayList<>(rooms)))));
    } catch (ConditionalCheckFailedException gone) {
      // the socket left meanwhile: undo the memberships so no orphan rows stay
      batchWrite(membershipDeletesOnly(socket, rooms));
    }
  }

  private List<WriteRequest> membershipDeletesOnly(SocketRecord socket, Collection<String> rooms) {
    List<WriteRequest> writes = new ArrayList<>();
    for (String room : rooms) {
      writes.add(delete(key(Keys.roomPk(socket.namespace(), room), socket.connectionId())));
    }
    return writes;
  }

  @Override
  public void leave(SocketRecord socket, Collection<String> rooms) {
    if (rooms.isEmpty()) {
      return;
    }
    batchWrite(membershipDeletesOnly(socket, rooms));
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(key(Keys.connectionPk(socket.connectionId()), Keys.socketSk(socket.namespace())))
          .updateExpression("DELETE rooms :r").conditionExpression("attribute_exists(" + PK + ")")
          .expressionAttributeValues(Map.of(":r", AttributeValue.fromSs(new ArrayList<>(rooms)))));
    } catch (ConditionalCheckFailedException gone) {
      // the socket left meanwhile: its memberships are gone above, nothing else to update
    }
  }

  @Override
  public List<Member> members(String namespace, String room) {
    List<Member> out = new ArrayList<>();
    for (Map<String, AttributeValue> item : partition(Keys.roomPk(namespace, room))) {
      out.add(new Member(str(item, SK), str(item, "sid")));
    }
    return out;
  }

  /** One Query with {@code Select.COUNT} per page: the rows are counted by DynamoDB, not returned. */
  @Override
  public int countMembers(String namespace, String room) {
    int count = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
          .select(Select.COUNT).keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", PK))
          .expressionAttributeValues(Map.of(":p", s(Keys.roomPk(namespace, room)))).exclusiveStartKey(exclusiveStart)
          .build());
      count += r.count();
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    return count;
  }

  // ---- acks

  @Override
  public void putAck(PendingAck ack) {
    Map<String, AttributeValue> item = key(Keys.connectionPk(ack.connectionId()), Keys.ackSk(ack.ackId()));
    item.put("nsp", s(ack.namespace()));
    item.put("sid", s(ack.sid()));
    item.put("handler", s(ack.handler()));
    item.put("context", s(ack.contextJson()));
    item.put("expiresAt", n(ack.expiresAt()));
    item.put(DUE_AT, n(ack.expiresAt()));
    item.put(DUE_BUCKET, s(Keys.bucket(ack.expiresAt(), due.bucketMs(), ack.connectionId(), due.shards())));
    item.put(TTL_ATTRIBUTE, n(ttl(ack.expiresAt())));
    dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + PK + ")"));
  }

  @Override
  public Optional<PendingAck> takeAck(String connectionId, long ackId) {
    Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table)
        .key(key(Keys.connectionPk(connectionId), Keys.ackSk(ackId))).returnValues(ReturnValue.ALL_OLD)).attributes();
    if (old == null || old.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PendingAck(connectionId, ackId, str(old, "nsp"), str(old, "sid"), str(old, "handler"),
        str(old, "context"), num(old, "expiresAt")));
  }

  // ---- binary reassembly

  @Override
  public void putPendingBinary(String connectionId, PendingBinary pending) {
    List<AttributeValue> parts = new ArrayList<>();
    for (byte[] a : pending.attachments()) {
      parts.add(AttributeValue.fromB(SdkBytes.fromByteArray(a)));
    }
    updateIfExists(connectionId, "SET binHeader = :h, binParts = :p",
        Map.of(":h", s(pending.headerText()), ":p", AttributeValue.fromL(parts)));
  }

  @Override
  public Optional<PendingBinary> getPendingBinary(String connectionId) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
        .key(key(Keys.connectionPk(connectionId), Keys.CONNECTION_SK)).consistentRead(true)
        .projectionExpression("binHeader, binParts")).item();
    if (item == null || !item.containsKey("binHeader")) {
      return Optional.empty();
    }
    List<byte[]> parts = new ArrayList<>();
    AttributeValue l = item.get("binParts");
    if (l != null && l.hasL()) {
      for (AttributeValue v : l.l()) {
        parts.add(v.b().asByteArray());
      }
    }
    return Optional.of(new PendingBinary(str(item, "binHeader"), parts));
  }

  @Override
  public void deletePendingBinary(String connectionId) {
    updateIfExists(connectionId, "REMOVE binHeader, binParts", null);
  }

  // ---- heartbeat index

  @Override
  public List<DueItem> due(long now) {
    List<DueItem> out = new ArrayList<>();
    long last = Math.floorDiv(now, due.bucketMs());
    for (long bucket = last - due.lookbackBuckets(); bucket <= last; bucket++) {
      for (int shard = 0; shard < due.shards(); shard++) {
        String bucketKey = Keys.bucketKey(bucket, shard);
        Map<String, AttributeValue> start = null;
        do {
          Map<String, AttributeValue> exclusiveStart = start;
          QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).indexName(DUE_INDEX)
              .keyConditionExpression("#b = :b AND #d <= :n")
              .expressionAttributeNames(Map.of("#b", DUE_BUCKET, "#d", DUE_AT))
              .expressionAttributeValues(Map.of(":b", s(bucketKey), ":n", n(now)))
              .exclusiveStartKey(exclusiveStart).build());
          for (Map<String, AttributeValue> item : r.items()) {
            String cid = Keys.connectionIdOf(str(item, PK));
            String sk = str(item, SK);
            Long ackId = sk.startsWith("A#") ? Long.parseLong(sk.substring(2)) : null;
            out.add(new DueItem(cid, ackId, num(item, DUE_AT)));
          }
          start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
      }
    }
    return out;
  }

  // ---- cleanup

  @Override
  public void deleteConnection(String connectionId) {
    List<WriteRequest> writes = new ArrayList<>();
    for (Map<String, AttributeValue> item : partition(Keys.connectionPk(connectionId))) {
      String sk = str(item, SK);
      if (sk.startsWith("S#")) {
        writes.addAll(membershipDeletes(socketOf(connectionId, item), socketOf(connectionId, item).rooms()));
      }
      writes.add(delete(key(str(item, PK), sk)));
    }
    batchWrite(writes);
  }

  // ---- helpers

  private List<Map<String, AttributeValue>> partition(String pk) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
          .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", PK))
          .expressionAttributeValues(Map.of(":p", s(pk))).exclusiveStartKey(exclusiveStart).build());
      out.addAll(r.items());
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    return out;
  }

  private void batchWrite(List<WriteRequest> writes) {
    for (int i = 0; i < writes.size(); i += BATCH_LIMIT) {
      Map<String, List<WriteRequest>> pending =
          Map.of(table, new ArrayList<>(dedupe(writes.subList(i, Math.min(writes.size(), i + BATCH_LIMIT)))));
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt > MAX_BATCH_RETRIES) {
          throw new StoreException("DynamoDB left " + pending.get(table).size() + " writes unprocessed after "
              + MAX_BATCH_RETRIES + " retries");
        }
        if (attempt > 0) {
          Backoff.sleepWithJitter(attempt, 20, 1_000);
        }
        Map<String, List<WriteRequest>> request = pending;
        BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(request));
        pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
      }
    }
  }

  /** BatchWriteItem refuses two requests for the same key. */
  private static Collection<WriteRequest> dedupe(List<WriteRequest> writes) {
    Map<Map<String, AttributeValue>, WriteRequest> byKey = new LinkedHashMap<>();
    for (WriteRequest w : writes) {
      Map<String, AttributeValue> item = w.putRequest() != null ? w.putRequest().item() : w.deleteRequest().key();
      byKey.put(Map.of(PK, item.get(PK), SK, item.get(SK)), w);
    }
    return byKey.values();
  }

  private long ttl(long fromMillis) {
    return (fromMillis + due.rowLifetimeMs()) / 1000;
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }

  private static WriteRequest delete(Map<String, AttributeValue> key) {
    return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put(PK, s(pk));
    m.put(SK, s(sk));
    return m;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v == null ? "" : v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static long num(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  static String writeStringMap(Map<String, String> map) {
    var o = Json.object();
    map.forEach(o::put);
    return Json.write(o);
  }

  static Map<String, String> readStringMap(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json == null || json.isEmpty()) {
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = Json.parse(json).fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  static String writeQuery(Map<String, List<String>> query) {
    var o = Json.object();
    query.forEach((k, vs) -> {
      var a = o.putArray(k);
      vs.forEach(a::add);
    });
    return Json.write(o);
  }

  static Map<String, List<String>> readQuery(String json) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (json == null || json.isEmpty()) {
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = Json.parse(json).fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> vs = new ArrayList<>();
      e.getValue().forEach(v -> vs.add(v.asText()));
      out.put(e.getKey(), List.copyOf(vs));
    }
    return out;
  }
}
