package dev.socketiolambda.examples.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The chat's data in one DynamoDB table, laid out for the chat's access patterns rather than
 * translated from the seed's SQL tables:
 *
 * <pre>
 * pk               sk            what
 * C#{channel}      #META         channel: name, visibility, seq (id counter), lastMessageId, lastMessageAt
 * C#{channel}      M#{user}      membership: role, joinedAt, leftAt, lastReadId, lastDeliveredId;
 *                                gsi1pk=U#{user}, gsi1sk=C#{channel} only while active (sparse GSI byUser)
 * C#{channel}#M    {id, 16 digits} message: authorId, authorName, content, createdAt, editedAt, deleted,
 *                                rx_{reaction} = string set of user ids
 * U#{user}         #PRESENCE     presence: conns = string set of connection ids, hidden
 * C#{channel}#K    {user}#{clientId}  a send's client id: id of the message it stored; expiresAt (TTL, a day)
 * </pre>
 *
 * <p>Message ids come from an atomic counter on the channel ({@code ADD seq 1}): increasing per
 * channel, the sort key of the channel's messages, and the cursor of history pages. Read receipts
 * are a high-water mark per member ({@code lastReadId}, as the seed's {@code mark_messages_read_until}),
 * so "read by" and unread counts need no row per message and user. A send with a {@code clientId}
 * is idempotent for a day: a retry gets the message the first send stored and stores nothing.
 */
public final class ChatStore {
  private static final String META = "#META";
  private static final String PRESENCE = "#PRESENCE";
  /** How long a send's client id is remembered (a retry later than that stores a new message). */
  static final long CLIENT_ID_TTL_SECONDS = 86_400;
  private static final AttributeValue TRUE = AttributeValue.fromBool(true);
  private static final AttributeValue FALSE = AttributeValue.fromBool(false);

  private final DynamoDbClient db;
  private final String table;
  private final LongSupplier clock;

  public ChatStore(DynamoDbClient db, String table, LongSupplier clock) {
    this.db = db;
    this.table = table;
    this.clock = clock;
  }

  /** A channel. */
  public record Channel(String id, String name, boolean isPrivate, long lastMessageId, String lastMessageAt) {
    public ObjectNode toJson() {
      ObjectNode o = Json.object().put("id", id).put("name", name).put("private", isPrivate)
          .put("lastMessageId", lastMessageId);
      if (lastMessageAt == null) {
        o.putNull("lastMessageAt");
      } else {
        o.put("lastMessageAt", lastMessageAt);
      }
      return o;
    }
  }

  /** A user's membership of a channel; {@code active} is false once the user has left. */
  public record Membership(String channelId, String userId, String role, boolean active, long lastReadId,
      long lastDeliveredId) {
    public boolean admin() {
      return "admin".equals(role);
    }
  }

  /** One page of history, oldest first; {@code nextCursor} (0 when none) is the {@code before} of the next older page. */
  public record Page(List<ObjectNode> messages, long nextCursor) {}

  // ---- channels and memberships

  /** Creates the channel unless it exists. */
  public void createChannel(String id, String name, boolean isPrivate, String createdBy) {
    try {
      db.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(pk)").item(Map.of(
          "pk", s("C#" + id), "sk", s(META), "name", s(name), "private", AttributeValue.fromBool(isPrivate),
          "createdBy", s(createdBy), "createdAt", s(now()), "seq", n(0), "lastMessageId", n(0))));
    } catch (ConditionalCheckFailedException exists) {
      // already there
    }
  }

  /** Adds an active membership unless one exists (active or not). */
  public void addMember(String channelId, String userId, String role) {
    try {
      db.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(pk)").item(Map.of(
          "pk", s("C#" + channelId), "sk", s("M#" + userId), "role", s(role), "joinedAt", s(now()),
          "lastReadId", n(0), "lastDeliveredId", n(0), "gsi1pk", s("U#" + userId), "gsi1sk", s("C#" + channelId))));
    } catch (ConditionalCheckFailedException exists) {
      // already a member
    }
  }

  public Optional<Channel> channel(String id) {
    Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
        .key(key("C#" + id, META))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(channelOf(item));
  }

  public Optional<Membership> membership(String channelId, String userId) {
    Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
        .key(key("C#" + channelId, "M#" + userId))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(membershipOf(item));
  }

  /** The user's active memberships (the sparse index; eventually consistent, as every GSI). */
  public List<Membership> activeMemberships(String userId) {
    List<Membership> out = new ArrayList<>();
    QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(ChatTables.BY_USER)
        .keyConditionExpression("gsi1pk = :u").expressionAttributeValues(Map.of(":u", s("U#" + userId)));
    for (QueryResponse page : db.queryPaginator(q.build())) {
      page.items().forEach(item -> out.add(membershipOf(item)));
    }
    return out;
  }

  /** The members of a channel, active or not. */
  public List<Membership> members(String channelId) {
    List<Membership> out = new ArrayList<>();
    QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("pk = :p AND begins_with(sk, :m)")
        .expressionAttributeValues(Map.of(":p", s("C#" + channelId), ":m", s("M#"))).build();
    for (QueryResponse page : db.queryPaginator(q)) {
      page.items().forEach(item -> out.add(membershipOf(item)));
    }
    return out;
  }

  /** The channels of these ids that exist, in no particular order. */
  public List<Channel> channels(Collection<String> ids) {
    List<Channel> out = new ArrayList<>();
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      keys.add(key("C#" + id, META));
    }
    batchGet(keys, item -> out.add(channelOf(item)));
    return out;
  }

  /**
   * Makes the membership active (creating it as {@code member} when absent).
   *
   * @return true when the user was not an active member before
   */
  public boolean activate(String channelId, String userId) {
    Map<String, AttributeValue> old = db.updateItem(b -> b.tableName(table).key(key("C#" + channelId, "M#" + userId))
        .updateExpression("SET gsi1pk = :g, gsi1sk = :c, #role = if_not_exists(#role, :member), "
            + "joinedAt = :now, lastReadId = if_not_exists(lastReadId, :zero), "
            + "lastDeliveredId = if_not_exists(lastDeliveredId, :zero) REMOVE leftAt")
        .expressionAttributeNames(Map.of("#role", "role"))
        .expressionAttributeValues(Map.of(":g", s("U#" + userId), ":c", s("C#" + channelId), ":member", s("member"),
            ":now", s(now()), ":zero", n(0)))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    return old == null || !old.containsKey("gsi1pk");
  }

  /**
   * Ends an active membership (sets {@code leftAt}, leaves the index).
   *
   * @return true when it was active
   */
  public boolean deactivate(String channelId, String userId) {
    try {
      db.updateItem(b -> b.tableName(table).key(key("C#" + channelId, "M#" + userId))
          .conditionExpression("attribute_exists(gsi1pk)")
          .updateExpression("SET leftAt = :now REMOVE gsi1pk, gsi1sk")
          .expressionAttributeValues(Map.of(":now", s(now()))));
      return true;
    } catch (ConditionalCheckFailedException notActive) {
      return false;
    }
  }

  // ---- messages

  /**
   * Stores a new message with the channel's next id. The membership is checked in the same
   * transaction as the write, so a member who has just left cannot slip a message in.
   *
   * A {@code clientId} makes the send idempotent: a retry with the same one (by the same user, in
   * the same channel, within {@value #CLIENT_ID_TTL_SECONDS} s) returns the stored message as a
   * duplicate and writes nothing. Costs one more read per send with a client id, and one more
   * write in the transaction.
   *
   * @throws ChatError NOT_FOUND without the channel, FORBIDDEN when not an active member
   */
  public Sent send(String channelId, String userId, String userName, String content, String clientId) {
    Map<String, AttributeValue> sendKey = clientId == null ? null : key("C#" + channelId + "#K", userId + "#" + clientId);
    Optional<ObjectNode> earlier = earlierSend(channelId, sendKey, clientId);
    if (earlier.isPresent()) {
      return new Sent(earlier.get(), true);
    }
    Map<String, AttributeValue> counter;
    try {
      counter = db.updateItem(b -> b.tableName(table).key(key("C#" + channelId, META))
          .conditionExpression("attribute_exists(pk)")
          .updateExpression("ADD seq :one")
          .expressionAttributeValues(Map.of(":one", n(1)))
          .returnValues(ReturnValue.UPDATED_NEW)).attributes();
    } catch (ConditionalCheckFailedException e) {
      throw ChatError.notFound("no channel " + channelId);
    }
    long id = Long.parseLong(counter.get("seq").n());
    String at = now();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("C#" + channelId + "#M"));
    item.put("sk", s(pad(id)));
    item.put("id", n(id));
    item.put("channelId", s(channelId));
    item.put("authorId", s(userId));
    item.put("authorName", s(userName));
    item.put("content", s(content));
    item.put("createdAt", s(at));
    item.put("deleted", FALSE);
    List<TransactWriteItem> writes = new ArrayList<>(List.of(
        TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("C#" + channelId, "M#" + userId))
            .conditionExpression("attribute_exists(gsi1pk)")).build(),
        TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
            .conditionExpression("attribute_not_exists(pk)")).build()));
    if (sendKey != null) {
      Map<String, AttributeValue> sendItem = new HashMap<>(sendKey);
      sendItem.put("id", n(id));
      sendItem.put(ChatTables.TTL_ATTRIBUTE, n(clock.getAsLong() / 1000 + CLIENT_ID_TTL_SECONDS));
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(sendItem)
          .conditionExpression("attribute_not_exists(pk)")).build());
    }
    try {
      db.transactWriteItems(t -> t.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (sendKey != null && "ConditionalCheckFailed".equals(e.cancellationReasons().get(2).code())) {
        // a concurrent retry with the same client id stored first: answer with its message
        return new Sent(earlierSend(channelId, sendKey, clientId).orElseThrow(), true);
      }
      throw ChatError.forbidden("you are not a member of channel " + channelId);
    }
    // high-water marks, raised only (two sends may finish out of order)
    raise(key("C#" + channelId, META), "lastMessageId", id, "lastMessageAt", at);
    raise(key("C#" + channelId, "M#" + userId), "lastReadId", id, null, null);
    raise(key("C#" + channelId, "M#" + userId), "lastDeliveredId", id, null, null);
    return new Sent(withClientId(messageOf(item), clientId), false);
  }

  /** A send's outcome: the message, and whether an earlier send with the same client id stored it. */
  public record Sent(ObjectNode message, boolean duplicate) {}

  private Optional<ObjectNode> earlierSend(String channelId, Map<String, AttributeValue> sendKey, String clientId) {
    if (sendKey == null) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
        .key(sendKey)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return message(channelId, Long.parseLong(item.get("id").n())).map(m -> withClientId(m, clientId));
  }

  private static ObjectNode withClientId(ObjectNode message, String clientId) {
    return clientId == null ? message : message.put("clientId", clientId);
  }

  public Optional<ObjectNode> message(String channelId, long id) {
    Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
        .key(key("C#" + channelId + "#M", pad(id)))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(messageOf(item));
  }

  /**
   * Replaces a message's text; only its author may, and not once deleted.
   *
   * @throws ChatError NOT_FOUND (no such message, or deleted), FORBIDDEN (someone else's)
   */
  public ObjectNode edit(String channelId, long id, String userId, String content) {
    try {
      return messageOf(db.updateItem(b -> b.tableName(table).key(key("C#" + channelId + "#M", pad(id)))
          .conditionExpression("attribute_exists(pk) AND deleted = :f AND authorId = :u")
          .updateExpression("SET content = :c, editedAt = :now")
          .expressionAttributeValues(Map.of(":f", FALSE, ":u", s(userId), ":c", s(content), ":now", s(now())))
          .returnValues(ReturnValue.ALL_NEW)).attributes());
    } catch (ConditionalCheckFailedException e) {
      throw whyNot(channelId, id, "only the author can edit a message");
    }
  }

  /**
   * Soft-deletes a message (its text is dropped, the id stays so the history has no holes); the
   * author or a channel admin may.
   */
  public ObjectNode delete(String channelId, long id, String userId, boolean admin) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":f", FALSE, ":t", TRUE, ":now", s(now()),
        ":u", s(userId), ":empty", s("")));
    String condition = "attribute_exists(pk) AND deleted = :f" + (admin ? "" : " AND authorId = :u");
    try {
      return messageOf(db.updateItem(b -> b.tableName(table).key(key("C#" + channelId + "#M", pad(id)))
          .conditionExpression(condition)
          .updateExpression("SET deleted = :t, deletedAt = :now, deletedBy = :u, content = :empty")
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW)).attributes());
    } catch (ConditionalCheckFailedException e) {
      throw whyNot(channelId, id, "only the author or a channel admin can delete a message");
    }
  }

  /** Adds ({@code add}) or removes the user's reaction; returns the message as it is now. */
  public ObjectNode react(String channelId, long id, String userId, String reaction, boolean add) {
    try {
      return messageOf(db.updateItem(b -> b.tableName(table).key(key("C#" + channelId + "#M", pad(id)))
          .conditionExpression("attribute_exists(pk) AND deleted = :f")
          .updateExpression((add ? "ADD" : "DELETE") + " #rx :u")
          .expressionAttributeNames(Map.of("#rx", "rx_" + reaction))
          .expressionAttributeValues(Map.of(":f", FALSE, ":u", AttributeValue.fromSs(List.of(userId))))
          .returnValues(ReturnValue.ALL_NEW)).attributes());
    } catch (ConditionalCheckFailedException e) {
      throw ChatError.notFound("no message " + id + " in channel " + channelId);
    }
  }

  private ChatError whyNot(String channelId, long id, String forbidden) {
    Optional<ObjectNode> m = message(channelId, id);
    if (m.isEmpty() || m.get().path("deleted").asBoolean()) {
      return ChatError.notFound("no message " + id + " in channel " + channelId);
    }
    return ChatError.forbidden(forbidden);
  }

  /** A page of history before {@code before} (0 = the newest), oldest first. */
  public Page history(String channelId, long before, int limit) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":p", s("C#" + channelId + "#M"));
    String condition = "pk = :p";
    if (before > 0) {
      condition += " AND sk < :b";
      values.put(":b", s(pad(before)));
    }
    String keyCondition = condition;
    QueryResponse r = db.query(b -> b.tableName(table).consistentRead(true).keyConditionExpression(keyCondition)
        .expressionAttributeValues(values).scanIndexForward(false).limit(limit));
    List<ObjectNode> messages = new ArrayList<>(r.items().size());
    r.items().forEach(item -> messages.add(messageOf(item)));
    Collections.reverse(messages);
    long next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() && !messages.isEmpty()
        ? messages.get(0).path("id").asLong() : 0;
    return new Page(messages, next);
  }

  /** Messages of others after {@code lastReadId} that are not deleted, counted up to {@code cap}. */
  public int unread(String channelId, String userId, long lastReadId, int cap) {
    int count = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse r = db.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND sk > :r")
          .filterExpression("authorId <> :u AND deleted = :f").select(Select.COUNT).limit(500)
          .exclusiveStartKey(from)
          .expressionAttributeValues(Map.of(":p", s("C#" + channelId + "#M"), ":r", s(pad(lastReadId)),
              ":u", s(userId), ":f", FALSE)));
      count += r.count();
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null && count < cap);
    return Math.min(count, cap);
  }

  /**
   * Raises the member's read mark to {@code id} (never lowers it).
   *
   * @return the mark after the call, and whether this call raised it
   */
  public Mark markRead(String channelId, String userId, long id) {
    return mark(channelId, userId, "lastReadId", id);
  }

  /** As {@link #markRead}, for the delivery mark. */
  public Mark markDelivered(String channelId, String userId, long id) {
    return mark(channelId, userId, "lastDeliveredId", id);
  }

  /** A read or delivery mark after an update. */
  public record Mark(long value, boolean raised) {}

  private Mark mark(String channelId, String userId, String attribute, long id) {
    Map<String, AttributeValue> key = key("C#" + channelId, "M#" + userId);
    try {
      db.updateItem(b -> b.tableName(table).key(key)
          .conditionExpression("attribute_exists(gsi1pk) AND (attribute_not_exists(#a) OR #a < :id)")
          .updateExpression("SET #a = :id")
          .expressionAttributeNames(Map.of("#a", attribute))
          .expressionAttributeValues(Map.of(":id", n(id))));
      return new Mark(id, true);
    } catch (ConditionalCheckFailedException e) {
      Membership m = membership(channelId, userId).filter(Membership::active)
          .orElseThrow(() -> ChatError.forbidden("you are not a member of channel " + channelId));
      return new Mark("lastReadId".equals(attribute) ? m.lastReadId() : m.lastDeliveredId(), false);
    }
  }

  private void raise(Map<String, AttributeValue> key, String attribute, long id, String alsoName, String alsoValue) {
    Map<String, String> names = new HashMap<>(Map.of("#a", attribute));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":id", n(id)));
    String update = "SET #a = :id";
    if (alsoName != null) {
      names.put("#b", alsoName);
      values.put(":b", s(alsoValue));
      update += ", #b = :b";
    }
    String expression = update;
    try {
      db.updateItem(b -> b.tableName(table).key(key)
          .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#a) OR #a < :id)")
          .updateExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException alreadyHigher) {
      // a later message got there first
    }
  }

  // ---- presence

  /**
   * Records a connection of the user.
   *
   * @return true when the user has just come online (first connection, not hidden)
   */
  public boolean connect(String userId, String connectionId) {
    Map<String, AttributeValue> old = db.updateItem(b -> b.tableName(table).key(key("U#" + userId, PRESENCE))
        .updateExpression("ADD conns :c SET seenAt = :now")
        .expressionAttributeValues(Map.of(":c", AttributeValue.fromSs(List.of(connectionId)), ":now", s(now())))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    return !hidden(old) && connections(old).isEmpty();
  }

  /**
   * Forgets a connection of the user.
   *
   * @return true when the user has just gone offline (that was the last connection, not hidden)
   */
  public boolean disconnect(String userId, String connectionId) {
    Map<String, AttributeValue> old = db.updateItem(b -> b.tableName(table).key(key("U#" + userId, PRESENCE))
        .updateExpression("DELETE conns :c SET seenAt = :now")
        .expressionAttributeValues(Map.of(":c", AttributeValue.fromSs(List.of(connectionId)), ":now", s(now())))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    Set<String> before = connections(old);
    return !hidden(old) && before.size() == 1 && before.contains(connectionId);
  }

  /**
   * Shows the user as offline ({@code hidden}) or online again while connected.
   *
   * @return true when what others see has changed
   */
  public boolean hide(String userId, boolean hidden) {
    Map<String, AttributeValue> old = db.updateItem(b -> b.tableName(table).key(key("U#" + userId, PRESENCE))
        .updateExpression("SET #hidden = :h").expressionAttributeNames(Map.of("#hidden", "hidden"))
        .expressionAttributeValues(Map.of(":h", AttributeValue.fromBool(hidden)))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    return hidden(old) != hidden && !connections(old).isEmpty();
  }

  /** Which of these users are online (connected and not hidden), as recorded. */
  public Set<String> online(Collection<String> userIds) {
    return online(userIds, ids -> Set.copyOf(ids), user -> { });
  }

  /**
   * Which of these users are online, after healing their presence: connection ids that
   * {@code connected} does not return (the runtime says they are gone: a lost {@code $disconnect},
   * a timed-out or expired connection) are removed from the presence rows, and each user who thereby
   * went offline is passed to {@code wentOffline}. Costs the presence BatchGetItem, one
   * {@code connected} call for every recorded connection at once, and one UpdateItem per user who
   * had a stale connection.
   */
  public Set<String> online(Collection<String> userIds, Function<Collection<String>, Set<String>> connected,
      Consumer<String> wentOffline) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String u : new LinkedHashSet<>(userIds)) {
      keys.add(key("U#" + u, PRESENCE));
    }
    Map<String, Map<String, AttributeValue>> rows = new LinkedHashMap<>();
    batchGet(keys, item -> rows.put(item.get("pk").s().substring(2), item));
    Set<String> recorded = new LinkedHashSet<>();
    rows.values().forEach(item -> recorded.addAll(connections(item)));
    Set<String> alive = recorded.isEmpty() ? Set.of() : connected.apply(recorded);
    Set<String> out = new java.util.TreeSet<>();
    rows.forEach((user, item) -> {
      Set<String> stale = new LinkedHashSet<>(connections(item));
      stale.removeAll(alive);
      if (!stale.isEmpty() && forget(user, stale)) {
        wentOffline.accept(user);
      } else if (!hidden(item) && connections(item).size() > stale.size()) {
        out.add(user);
      }
    });
    return out;
  }

  /** Removes these connections of the user; true when that was the last of them and the user was visible. */
  private boolean forget(String userId, Set<String> connectionIds) {
    Map<String, AttributeValue> old = db.updateItem(b -> b.tableName(table).key(key("U#" + userId, PRESENCE))
        .updateExpression("DELETE conns :c")
        .expressionAttributeValues(Map.of(":c", AttributeValue.fromSs(List.copyOf(connectionIds))))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    Set<String> left = new LinkedHashSet<>(connections(old));
    boolean hadSome = !left.isEmpty();
    left.removeAll(connectionIds);
    return !hidden(old) && hadSome && left.isEmpty();
  }

  private void batchGet(List<Map<String, AttributeValue>> keys, java.util.function.Consumer<Map<String, AttributeValue>> each) {
    for (int from = 0; from < keys.size(); from += 100) {
      Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
          .keys(keys.subList(from, Math.min(keys.size(), from + 100))).consistentRead(true).build());
      for (int attempt = 0; attempt < 10 && !request.isEmpty(); attempt++) {
        Map<String, KeysAndAttributes> ask = request;
        BatchGetItemResponse r = db.batchGetItem(b -> b.requestItems(ask));
        r.responses().getOrDefault(table, List.of()).forEach(each);
        request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
      }
      if (!request.isEmpty()) {
        throw new IllegalStateException("DynamoDB left keys unprocessed after 10 attempts");
      }
    }
  }

  // ---- items

  private static Channel channelOf(Map<String, AttributeValue> item) {
    AttributeValue at = item.get("lastMessageAt");
    return new Channel(item.get("pk").s().substring(2), item.get("name").s(),
        item.containsKey("private") && item.get("private").bool(), number(item, "lastMessageId"),
        at == null ? null : at.s());
  }

  private static Membership membershipOf(Map<String, AttributeValue> item) {
    return new Membership(item.get("pk").s().substring(2), item.get("sk").s().substring(2),
        item.containsKey("role") ? item.get("role").s() : "member", item.containsKey("gsi1pk"),
        number(item, "lastReadId"), number(item, "lastDeliveredId"));
  }

  /** The message as clients see it: {@code reactions} maps each reaction to the users who gave it. */
  static ObjectNode messageOf(Map<String, AttributeValue> item) {
    ObjectNode o = Json.object()
        .put("id", number(item, "id"))
        .put("channelId", item.get("channelId").s())
        .put("authorId", item.get("authorId").s())
        .put("authorName", item.get("authorName").s())
        .put("content", item.containsKey("content") ? item.get("content").s() : "")
        .put("createdAt", item.get("createdAt").s());
    if (item.containsKey("editedAt")) {
      o.put("editedAt", item.get("editedAt").s());
    } else {
      o.putNull("editedAt");
    }
    boolean deleted = item.containsKey("deleted") && item.get("deleted").bool();
    o.put("deleted", deleted);
    ObjectNode reactions = o.putObject("reactions");
    for (String r : ChatLimits.REACTIONS) {
      AttributeValue users = item.get("rx_" + r);
      if (users != null && users.hasSs() && !users.ss().isEmpty()) {
        ArrayNode list = reactions.putArray(r);
        users.ss().stream().sorted().forEach(list::add);
      }
    }
    return o;
  }

  private static Set<String> connections(Map<String, AttributeValue> item) {
    if (item == null || !item.containsKey("conns") || !item.get("conns").hasSs()) {
      return Set.of();
    }
    return Set.copyOf(item.get("conns").ss());
  }

  private static boolean hidden(Map<String, AttributeValue> item) {
    return item != null && item.containsKey("hidden") && Boolean.TRUE.equals(item.get("hidden").bool());
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  private String now() {
    return Instant.ofEpochMilli(clock.getAsLong()).toString();
  }

  static String pad(long id) {
    return String.format("%016d", id);
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of("pk", s(pk), "sk", s(sk));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
