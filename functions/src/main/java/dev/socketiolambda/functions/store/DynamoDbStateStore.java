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
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link StateStore} over one DynamoDB table laid out as {@link TableDefinitions} describes. */
public final class DynamoDbStateStore implements StateStore {
  /** When the connection's next ping is due once its pong came, and that time's due-index bucket. */
  private static final int BATCH_LIMIT = 25;
  private static final int MAX_BATCH_RETRIES = 8;
  /** Actions in one TransactWriteItems. */
  private static final int TRANSACTION_LIMIT = 100;
  /**
   * Socket row: a client DISCONNECT received before this leaves the socket (when API Gateway received the CONNECT
   * that made it, or 1 ms after the latest CONNECT answered with it).
   */
  private static final String DISCONNECTS_FROM = "disconnectsFrom";

  private final DynamoDbClient dynamo;
  private final DynamoDbCounts counts;
  private final String table;
  private final DueIndexSettings due;
  private final LongSupplier clock;

  public DynamoDbStateStore(DynamoDbClient dynamo, String table, DueIndexSettings due) {
    this(dynamo, table, due, System::currentTimeMillis);
  }

  /** @param clock epoch ms: the time of claims and of the TTL of rows written without a time of their own */
  public DynamoDbStateStore(DynamoDbClient dynamo, String table, DueIndexSettings due, LongSupplier clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.counts = new DynamoDbCounts(dynamo, table);
    this.due = due;
    this.clock = clock;
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
    item.put(DUE_BUCKET, dueBucket(c.connectionId(), c.dueAt()));
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
    long lastPingAt = num(item, "lastPingAt");
    long connectedAt = num(item, "connectedAt");
    PingPhase phase = PingPhase.ofKey(str(item, DUE_BUCKET), num(item, DUE_AT));
    ConnectionRecord c = new ConnectionRecord(connectionId, str(item, "eioSid"), str(item, "endpoint"),
        connectedAt, str(item, "sourceIp"), readStringMap(str(item, "headers")),
        readQuery(str(item, "query")), lastPingAt, num(item, "lastPongAt"),
        num(item, "connectDeadline"), num(item, DUE_AT));
    return Optional.of(phase == null ? c : c.onPhase(phase.dueAt(lastPingAt, connectedAt)));
  }

  /** One consistent BatchGetItem of the connection rows' keys per 100 ids (unprocessed keys asked again). */
  @Override
  public Set<String> existingConnections(Collection<String> connectionIds) {
    List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(connectionIds));
    Set<String> out = new java.util.LinkedHashSet<>();
    for (int from = 0; from < ids.size(); from += 100) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      ids.subList(from, Math.min(ids.size(), from + 100))
          .forEach(id -> keys.add(key(Keys.connectionPk(id), Keys.CONNECTION_SK)));
      Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
          .consistentRead(true).projectionExpression(PK).build());
      for (int attempt = 0; !request.isEmpty(); attempt++) {
        if (attempt == MAX_BATCH_RETRIES) {
          throw new StoreException("DynamoDB left connection keys unprocessed after " + MAX_BATCH_RETRIES
              + " attempts");
        }
        if (attempt > 0) {
          Backoff.sleepWithJitter(attempt, 20, 1_000);
        }
        Map<String, KeysAndAttributes> ask = request;
        BatchGetItemResponse r = dynamo.batchGetItem(b -> b.requestItems(ask));
        r.responses().getOrDefault(table, List.of())
            .forEach(item -> out.add(item.get(PK).s().substring(Keys.connectionPk("").length())));
        request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
      }
    }
    return out;
  }

  @Override
  public void recordPong(String connectionId, long at) {
    updateIfExists(connectionId, "SET lastPongAt = :t", Map.of(":t", n(at)));
  }

  @Override
  public void recordPing(String connectionId, long at, long nextDueAt) {
    updateIfExists(connectionId, "SET lastPingAt = :t, " + DUE_AT + " = :d, " + DUE_BUCKET + " = :b",
        Map.of(":t", n(at), ":d", n(nextDueAt), ":b", dueBucket(connectionId, nextDueAt)));
  }

  /**
   * One conditional UpdateItem of {@code lastPingAt} while the row is on the phase already (one write
   * unit); when it is not (its first scheduled ping, or a late tick moved the phase), one more that
   * puts it on the phase (three: the index's delete and put).
   */
  @Override
  public void recordScheduledPing(String connectionId, long at, long nextPingAt, long pingInterval) {
    PingPhase phase = PingPhase.of(nextPingAt, pingInterval);
    AttributeValue phaseKey = s(phase.key(due.bucketMs(), connectionId, due.shards()));
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(Keys.connectionPk(connectionId), Keys.CONNECTION_SK))
          .updateExpression("SET lastPingAt = :t")
          .conditionExpression("#b = :b AND #d = :d")
          .expressionAttributeNames(Map.of("#b", DUE_BUCKET, "#d", DUE_AT))
          .expressionAttributeValues(Map.of(":t", n(at), ":b", phaseKey, ":d", n(phase.offset()))));
    } catch (ConditionalCheckFailedException notOnThePhase) {
      updateIfExists(connectionId, "SET lastPingAt = :t, " + DUE_AT + " = :d, " + DUE_BUCKET + " = :b",
          Map.of(":t", n(at), ":d", n(phase.offset()), ":b", phaseKey));
    }
  }

  @Override
  public boolean clearConnectDeadline(String connectionId, long seenLastPingAt, long nextDueAt, long pingInterval,
      Map<String, String> keptHeaders, Map<String, List<String>> keptQuery) {
    PingPhase phase = PingPhase.of(nextDueAt, pingInterval);
    try {
      // QUERY is a DynamoDB reserved word: the request attributes go by names
      dynamo.updateItem(b -> b.tableName(table).key(key(Keys.connectionPk(connectionId), Keys.CONNECTION_SK))
          .updateExpression("SET connectDeadline = :z, " + DUE_AT + " = :d, " + DUE_BUCKET + " = :b, "
              + "#headers = :h, #query = :q")
          .conditionExpression("attribute_exists(" + PK + ") AND lastPingAt = :seen")
          .expressionAttributeNames(Map.of("#headers", "headers", "#query", "query"))
          .expressionAttributeValues(Map.of(":z", n(0), ":d", n(phase.offset()),
              ":b", s(phase.key(due.bucketMs(), connectionId, due.shards())),
              ":h", s(writeStringMap(keptHeaders)), ":q", s(writeQuery(keptQuery)), ":seen", n(seenLastPingAt))));
      return true;
    } catch (ConditionalCheckFailedException goneOrPinged) {
      return false;
    }
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
  public SocketPut putSocket(SocketRecord socket, long connectReceivedAt) {
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
    item.put(DISCONNECTS_FROM, n(connectReceivedAt));
    item.put(TTL_ATTRIBUTE, n(ttl(socket.connectedAt())));
    List<TransactWriteItem> writes = new ArrayList<>();
    // the connection must exist and not be closing: a $disconnect racing this CONNECT either sees the
    // socket when it reads the partition, or makes this transaction fail
    writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
        .key(key(Keys.connectionPk(socket.connectionId()), Keys.CONNECTION_SK))
        .conditionExpression("attribute_exists(" + PK + ") AND attribute_not_exists(closing)")).build());
    // never over a socket row: one still being disconnected (its claimer deletes it by key), or a parallel CONNECT's
    writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
        .conditionExpression("attribute_not_exists(" + PK + ")")).build());
    List<String> rooms = new ArrayList<>(new java.util.LinkedHashSet<>(socket.rooms()));
    rooms.remove("");
    rooms.add(0, "");
    int inFirst = Math.min(rooms.size(), TRANSACTION_LIMIT - 2);
    for (String room : rooms.subList(0, inFirst)) {
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(memberItem(socket, room))).build());
    }
    try {
      dynamo.transactWriteItems(b -> b.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (failedCondition(e, 0)) {
        return SocketPut.CONNECTION_GONE;
      }
      if (failedCondition(e, 1)) {
        return SocketPut.SOCKET_EXISTS;
      }
      throw e;
    }
    if (inFirst < rooms.size()) {
      // only while unclaimed, as a join: a socket claimed meanwhile gets no membership its claimer does not know
      joinInTransactions(socket, rooms.subList(inFirst, rooms.size()));
    }
    return SocketPut.CREATED;
  }

  private static boolean failedCondition(TransactionCanceledException e, int item) {
    return e.hasCancellationReasons() && e.cancellationReasons().size() > item
        && "ConditionalCheckFailed".equals(e.cancellationReasons().get(item).code());
  }

  /** One conditional UpdateItem; when its condition fails, one consistent GetItem tells a later CONNECT's time from a claim. */
  @Override
  public Optional<SocketRecord> answerConnect(String connectionId, String namespace, long connectReceivedAt) {
    Map<String, AttributeValue> key = key(Keys.connectionPk(connectionId), Keys.socketSk(namespace));
    try {
      return Optional.of(socketOf(connectionId, dynamo.updateItem(b -> b.tableName(table).key(key)
          .updateExpression("SET " + DISCONNECTS_FROM + " = :from")
          .conditionExpression("attribute_exists(" + PK + ") AND attribute_not_exists(closing) AND (attribute_not_exists("
              + DISCONNECTS_FROM + ") OR " + DISCONNECTS_FROM + " < :from)")
          .expressionAttributeValues(Map.of(":from", n(connectReceivedAt + 1)))
          .returnValues(ReturnValue.ALL_NEW)).attributes()));
    } catch (ConditionalCheckFailedException goneClaimedOrLater) {
      Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
      return item == null || item.isEmpty() || item.containsKey("closing") ? Optional.empty()
          : Optional.of(socketOf(connectionId, item));
    }
  }

  /** Runs one transaction; false when a condition failed (nothing written). */
  private boolean transact(List<TransactWriteItem> writes) {
    try {
      dynamo.transactWriteItems(b -> b.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (e.hasCancellationReasons() && e.cancellationReasons().stream()
          .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void markClosing(String connectionId) {
    updateIfExists(connectionId, "SET closing = :t", Map.of(":t", AttributeValue.fromBool(true)));
  }

  /** One UpdateItem: the token and the time of the claim ({@code claimedAt}, what cleanup ages it by). */
  @Override
  public Optional<SocketRecord> claimSocket(String connectionId, String namespace, String token,
      long disconnectReceivedAt) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":t", s(token), ":at", n(clock.getAsLong())));
    String condition = "attribute_exists(" + PK + ") AND (attribute_not_exists(closing) OR closing = :t)";
    if (disconnectReceivedAt != Long.MAX_VALUE) {
      condition += " AND (attribute_not_exists(" + DISCONNECTS_FROM + ") OR " + DISCONNECTS_FROM + " <= :rcv)";
      values.put(":rcv", n(disconnectReceivedAt));
    }
    String claimCondition = condition;
    try {
      Map<String, AttributeValue> claimed = dynamo.updateItem(b -> b.tableName(table)
          .key(key(Keys.connectionPk(connectionId), Keys.socketSk(namespace)))
          .updateExpression("SET closing = :t, claimedAt = :at")
          .conditionExpression(claimCondition)
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW)).attributes();
      return Optional.of(socketOf(connectionId, claimed));
    } catch (ConditionalCheckFailedException goneOrTaken) {
      return Optional.empty();
    }
  }

  private Map<String, AttributeValue> memberItem(SocketRecord socket, String room) {
    Map<String, AttributeValue> m = key(Keys.roomPk(socket.namespace(), room), socket.connectionId());
    m.put("sid", s(socket.sid()));
    m.put(TTL_ATTRIBUTE, n(ttl(clock.getAsLong())));
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
    // the stored row's rooms too, not only the caller's copy: rooms joined since it was read must go
    Set<String> rooms = new HashSet<>(socket.rooms());
    getSocket(socket.connectionId(), socket.namespace()).ifPresent(stored -> rooms.addAll(stored.rooms()));
    batchWrite(membershipDeletes(socket, rooms));
    // the row last: if the memberships fail part-way, the row still names them for the next cleanup
    dynamo.deleteItem(b -> b.tableName(table)
        .key(key(Keys.connectionPk(socket.connectionId()), Keys.socketSk(socket.namespace()))));
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
  public DataWrite replaceSocketData(String connectionId, String namespace, String expectedJson, String dataJson) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(Keys.connectionPk(connectionId), Keys.socketSk(namespace)))
          .updateExpression("SET #d = :d").conditionExpression("#d = :expected")
          .expressionAttributeNames(Map.of("#d", "data"))
          .expressionAttributeValues(Map.of(":d", s(dataJson), ":expected", s(expectedJson))));
      return DataWrite.ok();
    } catch (ConditionalCheckFailedException changed) {
      return getSocket(connectionId, namespace).map(r -> DataWrite.conflict(r.dataJson())).orElse(DataWrite.gone());
    }
  }

  @Override
  public void join(SocketRecord socket, Collection<String> rooms) {
    if (!rooms.isEmpty()) {
      joinInTransactions(socket, new ArrayList<>(new java.util.LinkedHashSet<>(rooms)));
    }
  }

  /**
   * The socket's rooms set and the membership rows in one transaction per {@code TRANSACTION_LIMIT - 1}
   * rooms: a failure writes neither, so no membership row is left that the rooms set does not name.
   */
  private void joinInTransactions(SocketRecord socket, List<String> rooms) {
    for (int i = 0; i < rooms.size(); i += TRANSACTION_LIMIT - 1) {
      List<String> chunk = rooms.subList(i, Math.min(rooms.size(), i + TRANSACTION_LIMIT - 1));
      List<TransactWriteItem> writes = new ArrayList<>();
      writes.add(TransactWriteItem.builder().update(u -> u.tableName(table)
          .key(key(Keys.connectionPk(socket.connectionId()), Keys.socketSk(socket.namespace())))
          .updateExpression("ADD rooms :r")
          .conditionExpression("attribute_exists(" + PK + ") AND attribute_not_exists(closing)")
          .expressionAttributeValues(Map.of(":r", AttributeValue.fromSs(new ArrayList<>(chunk))))).build());
      for (String room : chunk) {
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(memberItem(socket, room))).build());
      }
      if (!transact(writes)) {
        return; // the socket left or is being disconnected: nothing written
      }
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
    return countMembers(namespace, room, "");
  }

  /** {@code Select.COUNT} queries (one per 1 MB page), with {@code begins_with} on the sort key, the connection id. */
  @Override
  public int countMembers(String namespace, String room, String connectionIdPrefix) {
    boolean all = connectionIdPrefix.isEmpty();
    String keys = all ? "#p = :p" : "#p = :p AND begins_with(#s, :prefix)";
    Map<String, String> names = all ? Map.of("#p", PK) : Map.of("#p", PK, "#s", SK);
    Map<String, AttributeValue> values = all ? Map.of(":p", s(Keys.roomPk(namespace, room)))
        : Map.of(":p", s(Keys.roomPk(namespace, room)), ":prefix", s(connectionIdPrefix));
    int count = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
          .select(Select.COUNT).keyConditionExpression(keys).expressionAttributeNames(names)
          .expressionAttributeValues(values).exclusiveStartKey(exclusiveStart)
          .build());
      count += r.count();
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    return count;
  }

  // ---- acks

  @Override
  public void putAck(PendingAck ack) {
    dynamo.putItem(b -> b.tableName(table).item(ackItem(ack)).conditionExpression("attribute_not_exists(" + PK + ")"));
  }

  /** One transaction: the socket row's existence checked, the ack put (2 items, 4 WCU). */
  @Override
  public boolean putAckWhileSocket(PendingAck ack) {
    List<TransactWriteItem> writes = List.of(
        TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
            .key(key(Keys.connectionPk(ack.connectionId()), Keys.socketSk(ack.namespace())))
            .conditionExpression("attribute_exists(" + PK + ")")).build(),
        TransactWriteItem.builder().put(p -> p.tableName(table).item(ackItem(ack))
            .conditionExpression("attribute_not_exists(" + PK + ")")).build());
    try {
      dynamo.transactWriteItems(b -> b.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (e.hasCancellationReasons() && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
        return false; // the socket row is gone
      }
      throw e; // the ack id is taken, or DynamoDB failed: the caller's retry decides
    }
  }

  private Map<String, AttributeValue> ackItem(PendingAck ack) {
    Map<String, AttributeValue> item = key(Keys.connectionPk(ack.connectionId()), Keys.ackSk(ack.ackId()));
    item.put("nsp", s(ack.namespace()));
    item.put("sid", s(ack.sid()));
    item.put("handler", s(ack.handler()));
    item.put("context", s(ack.contextJson()));
    item.put("expiresAt", n(ack.expiresAt()));
    item.put(DUE_AT, n(ack.expiresAt()));
    item.put(DUE_BUCKET, dueBucket(ack.connectionId(), ack.expiresAt()));
    item.put(TTL_ATTRIBUTE, n(ttl(ack.expiresAt())));
    return item;
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

  @Override
  public List<PendingAck> acksOf(String connectionId) {
    List<PendingAck> out = new ArrayList<>();
    for (Map<String, AttributeValue> item : partition(Keys.connectionPk(connectionId), "A#")) {
      out.add(new PendingAck(connectionId, Long.parseLong(str(item, SK).substring(2)), str(item, "nsp"),
          str(item, "sid"), str(item, "handler"), str(item, "context"), num(item, "expiresAt")));
    }
    return out;
  }

  // ---- binary reassembly

  @Override
  public Optional<BinaryPart> addBinaryPart(String connectionId, long receivedAt, String headerText,
      byte[] attachment) {
    long seq;
    try {
      // one counter per connection orders parts that arrived in the same millisecond
      Map<String, AttributeValue> updated = dynamo.updateItem(b -> b.tableName(table)
          .key(key(Keys.connectionPk(connectionId), Keys.CONNECTION_SK)).updateExpression("ADD binSeq :one")
          .conditionExpression("attribute_exists(" + PK + ")").expressionAttributeValues(Map.of(":one", n(1)))
          .returnValues(ReturnValue.UPDATED_NEW)).attributes();
      seq = Long.parseLong(updated.get("binSeq").n());
    } catch (ConditionalCheckFailedException gone) {
      return Optional.empty();
    }
    BinaryPart part = new BinaryPart(receivedAt, seq, headerText, attachment);
    Map<String, AttributeValue> item = key(Keys.connectionPk(connectionId), Keys.binarySk(part));
    if (part.isHeader()) {
      item.put("hdr", s(headerText));
    } else {
      item.put("att", AttributeValue.fromB(SdkBytes.fromByteArray(attachment)));
    }
    item.put(TTL_ATTRIBUTE, n(ttl(clock.getAsLong())));
    dynamo.putItem(b -> b.tableName(table).item(item));
    return Optional.of(part);
  }

  @Override
  public List<BinaryPart> binaryParts(String connectionId) {
    List<BinaryPart> out = new ArrayList<>();
    for (Map<String, AttributeValue> item : partition(Keys.connectionPk(connectionId), "B#")) {
      String[] sk = str(item, SK).split("#");
      AttributeValue att = item.get("att");
      out.add(new BinaryPart(Long.parseLong(sk[1]), Long.parseLong(sk[2]), str(item, "hdr"),
          att == null ? null : att.b().asByteArray()));
    }
    return out;
  }

  @Override
  public boolean claimBinaryParts(String connectionId, List<BinaryPart> parts) {
    if (parts.isEmpty()) {
      return false;
    }
    String pk = Keys.connectionPk(connectionId);
    // a claim token rather than a conditional delete: the SDK's retry of a claim whose answer was
    // lost finds its own token and still succeeds
    String token = java.util.UUID.randomUUID().toString();
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key(pk, Keys.binarySk(parts.get(0))))
          .updateExpression("SET claimedBy = :me")
          .conditionExpression("attribute_exists(" + PK + ") AND (attribute_not_exists(claimedBy) OR claimedBy = :me)")
          .expressionAttributeValues(Map.of(":me", s(token))));
    } catch (ConditionalCheckFailedException taken) {
      return false;
    }
    List<WriteRequest> all = new ArrayList<>();
    for (BinaryPart p : parts) {
      all.add(delete(key(pk, Keys.binarySk(p))));
    }
    batchWrite(all);
    return true;
  }

  // ---- heartbeat index

  @Override
  public List<DueItem> due(long now) {
    long last = Math.floorDiv(now, due.bucketMs());
    return dueIn(last - due.lookbackBuckets(), now);
  }

  /** One Query per bucket and shard from {@code sinceMs} (at most the rows' lifetime back) to now. */
  @Override
  public List<DueItem> due(long sinceMs, long now) {
    long first = Math.floorDiv(Math.max(sinceMs, now - due.rowLifetimeMs()), due.bucketMs());
    return dueIn(Math.min(first, Math.floorDiv(now, due.bucketMs()) - due.lookbackBuckets()), now);
  }

  /**
   * One Query per phase bucket and shard that the window's offsets touch (one or two at a minute's
   * window and minute buckets), each for the offsets in the window only.
   */
  @Override
  public List<DueItem> duePings(long sinceMs, long now, long pingInterval) {
    List<DueItem> out = new ArrayList<>();
    for (PingPhase.Span span : PingPhase.spans(sinceMs, now, pingInterval)) {
      for (long bucket = Math.floorDiv(span.from(), due.bucketMs()); bucket <= Math.floorDiv(span.to(), due.bucketMs());
          bucket++) {
        for (int shard = 0; shard < due.shards(); shard++) {
          for (Map<String, AttributeValue> item : dueQuery(PingPhase.key(pingInterval, bucket, shard),
              "#d BETWEEN :from AND :to", Map.of(":from", n(span.from()), ":to", n(span.to())))) {
            long at = new PingPhase(pingInterval, num(item, DUE_AT)).lastAt(now);
            out.add(new DueItem(Keys.connectionIdOf(str(item, PK)), null, at));
          }
        }
      }
    }
    return out;
  }

  private List<DueItem> dueIn(long firstBucket, long now) {
    List<DueItem> out = new ArrayList<>();
    long last = Math.floorDiv(now, due.bucketMs());
    for (long bucket = firstBucket; bucket <= last; bucket++) {
      for (int shard = 0; shard < due.shards(); shard++) {
        for (Map<String, AttributeValue> item : dueQuery(Keys.bucketKey(bucket, shard), "#d <= :n",
            Map.of(":n", n(now)))) {
          String cid = Keys.connectionIdOf(str(item, PK));
          String sk = str(item, SK);
          Long ackId = sk.startsWith("A#") ? Long.parseLong(sk.substring(2)) : null;
          out.add(new DueItem(cid, ackId, num(item, DUE_AT)));
        }
      }
    }
    return out;
  }

  /** Every page of one due-index partition, with a condition on the sort key ({@code #d}). */
  private List<Map<String, AttributeValue>> dueQuery(String bucketKey, String sortCondition,
      Map<String, AttributeValue> sortValues) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Map<String, AttributeValue> values = new HashMap<>(sortValues);
    values.put(":b", s(bucketKey));
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).indexName(DUE_INDEX)
          .keyConditionExpression("#b = :b AND " + sortCondition)
          .expressionAttributeNames(Map.of("#b", DUE_BUCKET, "#d", DUE_AT))
          .expressionAttributeValues(values)
          .exclusiveStartKey(exclusiveStart).build());
      out.addAll(r.items());
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    return out;
  }

  // ---- cleanup

  /**
   * One Query of the partition, ceil(rows/25) BatchWriteItem, 1 DeleteItem (the connection row);
   * plus, per socket no one had claimed when it was read, a conditional DeleteItem (a claim may land
   * between the read and the delete) and, if it joined rooms meanwhile, one more BatchWriteItem.
   */
  @Override
  public void deleteConnection(String connectionId, String claimToken) {
    List<WriteRequest> writes = new ArrayList<>();
    List<SocketRecord> unclaimed = new ArrayList<>();
    boolean hasConnectionRow = false;
    boolean socketStays = false;
    long claimedBefore = clock.getAsLong() - CLAIM_LIFETIME_MS;
    for (Map<String, AttributeValue> item : partition(Keys.connectionPk(connectionId))) {
      String sk = str(item, SK);
      if (sk.equals(Keys.CONNECTION_SK)) {
        hasConnectionRow = true;
        continue;
      }
      if (sk.startsWith("S#")) {
        SocketRecord socket = socketOf(connectionId, item);
        String holder = str(item, "closing");
        if (holder == null) {
          unclaimed.add(socket);
          continue;
        }
        if (!holder.equals(claimToken) && num(item, "claimedAt") >= claimedBefore) {
          socketStays = true; // its claimer deletes it
          continue;
        }
        // claimed by the caller, or by one that died: no claim can change that, no condition needed
        writes.addAll(membershipDeletes(socket, socket.rooms()));
      }
      writes.add(delete(key(str(item, PK), sk)));
    }
    batchWrite(writes);
    for (SocketRecord socket : unclaimed) {
      socketStays |= !deleteUnclaimedSocket(socket);
    }
    if (hasConnectionRow && !socketStays) {
      // last: until every other row is gone, the connection stays in the heartbeat's index
      dynamo.deleteItem(b -> b.tableName(table).key(key(Keys.connectionPk(connectionId), Keys.CONNECTION_SK)));
    }
  }

  /**
   * Memberships, then the row on condition it is still unclaimed; the rooms it joined since it was
   * read go after it (the row as deleted names them).
   *
   * @return false when a claim landed first: the row stays for its claimer
   */
  private boolean deleteUnclaimedSocket(SocketRecord socket) {
    batchWrite(membershipDeletes(socket, socket.rooms()));
    Map<String, AttributeValue> old;
    try {
      old = dynamo.deleteItem(b -> b.tableName(table)
          .key(key(Keys.connectionPk(socket.connectionId()), Keys.socketSk(socket.namespace())))
          .conditionExpression("attribute_not_exists(closing)").returnValues(ReturnValue.ALL_OLD)).attributes();
    } catch (ConditionalCheckFailedException claimed) {
      return false;
    }
    if (old != null && !old.isEmpty()) {
      Set<String> joined = new HashSet<>(socketOf(socket.connectionId(), old).rooms());
      joined.removeAll(socket.rooms());
      batchWrite(membershipDeletesOnly(socket, joined));
    }
    return true;
  }

  // ---- helpers

  /** The due-index partition key of a row of this connection due at {@code dueAt}. */
  private AttributeValue dueBucket(String connectionId, long dueAt) {
    return s(Keys.bucket(dueAt, due.bucketMs(), connectionId, due.shards()));
  }

  private List<Map<String, AttributeValue>> partition(String pk) {
    return partition(pk, null);
  }

  /** Every row of a partition (all pages, strongly consistent), or those whose sort key starts with a prefix. */
  private List<Map<String, AttributeValue>> partition(String pk, String skPrefix) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(pk)));
    Map<String, String> names = new HashMap<>(Map.of("#p", PK));
    String condition = "#p = :p";
    if (skPrefix != null) {
      condition += " AND begins_with(#s, :prefix)";
      values.put(":prefix", s(skPrefix));
      names.put("#s", SK);
    }
    String keyCondition = condition;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
          .keyConditionExpression(keyCondition).expressionAttributeNames(names)
          .expressionAttributeValues(values).exclusiveStartKey(exclusiveStart).build());
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

  @Override
  public void addCounts(String bucket, Map<String, Long> counts, long expiresAtMs) {
    this.counts.add(bucket, counts, expiresAtMs);
  }

  @Override
  public Map<String, Map<String, Long>> counts(Collection<String> buckets) {
    return counts.read(buckets);
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
