package dev.socketiolambda.examples.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The queue's data in DynamoDB. Services keep their queue as an aggregate item (no scans, no
 * counting queries): {@code lastNumber} (tickets issued), {@code calledUpTo} (how far "call next"
 * has come), {@code totalWaiting}, {@code nowServing}, {@code servedCount} and {@code totalWaitMs}.
 * A ticket's number in its service ({@code seq}) is its sort key, so "the next ticket" is one
 * {@code GetItem} after one counter increment. Counters: {@code closed}, {@code available},
 * {@code busy} (with {@code currentTicket}). See the module README for the requests per operation.
 */
public final class QueueStore {
  public static final String WAITING = "waiting";
  public static final String SERVING = "serving";
  public static final String COMPLETED = "completed";
  public static final String CLOSED = "closed";
  public static final String AVAILABLE = "available";
  public static final String BUSY = "busy";
  /** A counter's call lock older than this is stale (a crashed call) and may be taken over. */
  static final long LOCK_MS = 30_000;
  /** How many tickets one "call next" skips at most (tickets served out of order, a lost write). */
  static final int MAX_SKIPS = 50;
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final DynamoDbClient dynamo;
  private final String clientsTable;
  private final LongSupplier clock;

  public QueueStore(DynamoDbClient dynamo, String clientsTable, LongSupplier clock) {
    this.dynamo = dynamo;
    this.clientsTable = clientsTable;
    this.clock = clock;
  }

  /** A refused operation: 404 or 409 with a sentence for the client. */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** Epoch milliseconds as JavaScript's {@code new Date().toISOString()} writes them. */
  public static String iso(long epochMs) {
    return ISO.format(Instant.ofEpochMilli(epochMs));
  }

  // ---- clients

  /** The next sequential client number (1, 2, ...): one {@code UpdateItem}. */
  public long nextClientNumber() {
    var out = dynamo.updateItem(b -> b.tableName(clientsTable).key(Map.of("pk", s("clients")))
        .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n(1)))
        .returnValues(ReturnValue.UPDATED_NEW));
    return Long.parseLong(out.attributes().get("n").n());
  }

  // ---- services and counters

  /** Creates a service with an empty queue unless it exists; true when created. */
  public boolean createService(String serviceType, String prefix) {
    long now = clock.getAsLong();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("kind", s("service"));
    item.put("id", s(serviceType));
    item.put("serviceType", s(serviceType));
    item.put("prefix", s(prefix));
    for (String zero : List.of("lastNumber", "calledUpTo", "totalWaiting", "servedCount", "totalWaitMs")) {
      item.put(zero, n(0));
    }
    item.put("updatedAt", s(iso(now)));
    try {
      dynamo.putItem(b -> b.tableName(QueueTables.FLOOR).item(item).conditionExpression("attribute_not_exists(id)"));
      return true;
    } catch (ConditionalCheckFailedException exists) {
      return false;
    }
  }

  /** Creates a closed counter of a service unless it exists; true when created. */
  public boolean createCounter(String counterId, String counterName, String serviceType) {
    if (service(serviceType).isEmpty()) {
      throw new Refused(404, "no service " + serviceType);
    }
    Map<String, AttributeValue> item = Map.of("kind", s("counter"), "id", s(counterId), "counterId", s(counterId),
        "counterName", s(counterName), "serviceType", s(serviceType), "status", s(CLOSED),
        "updatedAt", s(iso(clock.getAsLong())));
    try {
      dynamo.putItem(b -> b.tableName(QueueTables.FLOOR).item(item).conditionExpression("attribute_not_exists(id)"));
      return true;
    } catch (ConditionalCheckFailedException exists) {
      return false;
    }
  }

  public Optional<ObjectNode> service(String serviceType) {
    return floorItem("service", serviceType).map(QueueStore::serviceJson);
  }

  public Optional<ObjectNode> counter(String counterId) {
    return floorItem("counter", counterId).map(QueueStore::counterJson);
  }

  /** Every service (one {@code Query}). */
  public List<ObjectNode> services() {
    return floor("service").stream().map(QueueStore::serviceJson).toList();
  }

  /** Every counter (one {@code Query}). */
  public List<ObjectNode> counters() {
    return floor("counter").stream().map(QueueStore::counterJson).toList();
  }

  /** Opens ({@code closed -> available}) or closes ({@code available -> closed}) a counter: one conditional {@code UpdateItem}. */
  public ObjectNode setOpen(String counterId, boolean open) {
    long now = clock.getAsLong();
    String from = open ? CLOSED : AVAILABLE;
    String to = open ? AVAILABLE : CLOSED;
    try {
      var out = dynamo.updateItem(b -> b.tableName(QueueTables.FLOOR).key(floorKey("counter", counterId))
          .updateExpression("SET #status = :to, updatedAt = :now REMOVE currentTicket, currentTicketId")
          .conditionExpression("attribute_exists(id) AND #status = :from AND attribute_not_exists(callLock)")
          .expressionAttributeNames(Map.of("#status", "status"))
          .expressionAttributeValues(Map.of(":to", s(to), ":from", s(from), ":now", s(iso(now))))
          .returnValues(ReturnValue.ALL_NEW));
      return counterJson(out.attributes());
    } catch (ConditionalCheckFailedException e) {
      ObjectNode counter = counter(counterId).orElseThrow(() -> new Refused(404, "no counter " + counterId));
      throw new Refused(409, "counter " + counterId + " is " + counter.path("status").asText()
          + (open ? "; only a closed counter opens" : "; only an available counter (no ticket being served) closes"));
    }
  }

  // ---- tickets

  /**
   * Issues the next ticket of a service: one {@code UpdateItem} on the service (number, waiting
   * count) and one {@code PutItem} of the ticket, whose stream record becomes {@code ticketCreated}.
   */
  public ObjectNode take(String serviceType, String userId, String priority) {
    long now = clock.getAsLong();
    Map<String, AttributeValue> service;
    try {
      service = dynamo.updateItem(b -> b.tableName(QueueTables.FLOOR).key(floorKey("service", serviceType))
          .updateExpression("ADD lastNumber :one, totalWaiting :one SET updatedAt = :now")
          .conditionExpression("attribute_exists(id)")
          .expressionAttributeValues(Map.of(":one", n(1), ":now", s(iso(now))))
          .returnValues(ReturnValue.ALL_NEW)).attributes();
    } catch (ConditionalCheckFailedException e) {
      throw new Refused(404, "no service " + serviceType);
    }
    long seq = Long.parseLong(service.get("lastNumber").n());
    String number = ticketNumber(service.get("prefix").s(), seq);
    Map<String, AttributeValue> ticket = new HashMap<>();
    ticket.put("serviceType", s(serviceType));
    ticket.put("seq", n(seq));
    ticket.put("ticketId", s(ticketId(serviceType, seq)));
    ticket.put("ticketNumber", s(number));
    ticket.put("userId", s(userId));
    ticket.put("status", s(WAITING));
    ticket.put("priority", s(priority));
    ticket.put("createdAt", s(iso(now)));
    ticket.put("createdAtMs", n(now));
    ticket.put("updatedAt", s(iso(now)));
    ticket.put("message", s("New ticket #" + number + " created"));
    dynamo.putItem(b -> b.tableName(QueueTables.TICKETS).item(ticket));
    ObjectNode json = ticketJson(ticket);
    json.put("position", seq - Long.parseLong(service.get("calledUpTo").n()));
    return json;
  }

  /** A ticket by id with its position in the queue while it waits (one {@code GetItem} each for ticket and service). */
  public Optional<ObjectNode> ticket(String ticketId) {
    TicketKey key = TicketKey.parse(ticketId);
    Map<String, AttributeValue> item = ticketItem(key);
    if (item == null) {
      return Optional.empty();
    }
    ObjectNode json = ticketJson(item);
    if (WAITING.equals(json.path("status").asText())) {
      service(key.serviceType()).ifPresent(s -> json.put("position", key.seq() - s.path("calledUpTo").asLong()));
    }
    return Optional.of(json);
  }

  /**
   * Calls the next waiting ticket of the counter's service to the counter: lock the counter (one
   * conditional {@code UpdateItem}), move the service's {@code calledUpTo} on (one
   * {@code UpdateItem}), read the ticket ({@code GetItem}), then one {@code TransactWriteItems}
   * (ticket serving, counter busy, service aggregate). Tickets already served out of order are
   * skipped (at most {@value #MAX_SKIPS}).
   */
  public ObjectNode callNext(String counterId) {
    long now = clock.getAsLong();
    Map<String, AttributeValue> counter = lock(counterId, now);
    String serviceType = counter.get("serviceType").s();
    try {
      for (int i = 0; i < MAX_SKIPS; i++) {
        long seq = claimNext(serviceType, now);
        if (seq < 0) {
          throw new Refused(409, "no tickets waiting for " + serviceType);
        }
        Map<String, AttributeValue> ticket = ticketItem(new TicketKey(serviceType, seq));
        if (ticket == null || !WAITING.equals(ticket.get("status").s())) {
          continue; // served out of order, or its put was lost
        }
        Optional<ObjectNode> served = serveLocked(counter, ticket, now);
        if (served.isPresent()) {
          return served.get();
        }
      }
      throw new Refused(409, "no waiting ticket found for " + serviceType + "; try again");
    } finally {
      unlock(counterId, now);
    }
  }

  /** Serves one waiting ticket at a counter of its service, out of order (a recall): the same requests without moving {@code calledUpTo}. */
  public ObjectNode serve(String ticketId, String counterId) {
    TicketKey key = TicketKey.parse(ticketId);
    long now = clock.getAsLong();
    Map<String, AttributeValue> counter = lock(counterId, now);
    try {
      if (!key.serviceType().equals(counter.get("serviceType").s())) {
        throw new Refused(409, "counter " + counterId + " serves " + counter.get("serviceType").s() + ", not "
            + key.serviceType());
      }
      Map<String, AttributeValue> ticket = ticketItem(key);
      if (ticket == null) {
        throw new Refused(404, "no ticket " + ticketId);
      }
      if (!WAITING.equals(ticket.get("status").s())) {
        throw new Refused(409, "ticket " + ticketId + " is " + ticket.get("status").s() + ", not waiting");
      }
      return serveLocked(counter, ticket, now)
          .orElseThrow(() -> new Refused(409, "ticket " + ticketId + " was served meanwhile"));
    } finally {
      unlock(counterId, now);
    }
  }

  /**
   * Completes a ticket being served: one {@code GetItem}, then one {@code TransactWriteItems}
   * (ticket completed, its counter available again).
   */
  public ObjectNode complete(String ticketId) {
    TicketKey key = TicketKey.parse(ticketId);
    long now = clock.getAsLong();
    Map<String, AttributeValue> ticket = ticketItem(key);
    if (ticket == null) {
      throw new Refused(404, "no ticket " + ticketId);
    }
    if (!SERVING.equals(ticket.get("status").s())) {
      throw new Refused(409, "ticket " + ticketId + " is " + ticket.get("status").s() + ", not serving");
    }
    String number = ticket.get("ticketNumber").s();
    String counterId = ticket.get("counterId").s();
    Update ticketUpdate = Update.builder().tableName(QueueTables.TICKETS).key(key.toKey())
        .updateExpression("SET #status = :completed, completedAt = :now, updatedAt = :now, message = :message")
        .conditionExpression("#status = :serving")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(Map.of(":completed", s(COMPLETED), ":serving", s(SERVING), ":now", s(iso(now)),
            ":message", s("Ticket #" + number + " has been completed")))
        .build();
    Update counterUpdate = Update.builder().tableName(QueueTables.FLOOR).key(floorKey("counter", counterId))
        .updateExpression("SET #status = :available, updatedAt = :now REMOVE currentTicket, currentTicketId")
        .conditionExpression("currentTicketId = :ticket")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(Map.of(":available", s(AVAILABLE), ":now", s(iso(now)),
            ":ticket", s(key.ticketId())))
        .build();
    try {
      dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(ticketUpdate).build(),
          TransactWriteItem.builder().update(counterUpdate).build()));
    } catch (TransactionCanceledException e) {
      if (failed(e, 0)) {
        throw new Refused(409, "ticket " + ticketId + " was completed meanwhile");
      }
      // the counter moved on (closed by hand): complete the ticket alone
      dynamo.updateItem(b -> b.tableName(ticketUpdate.tableName()).key(ticketUpdate.key())
          .updateExpression(ticketUpdate.updateExpression()).conditionExpression(ticketUpdate.conditionExpression())
          .expressionAttributeNames(ticketUpdate.expressionAttributeNames())
          .expressionAttributeValues(ticketUpdate.expressionAttributeValues()));
    }
    return ticket(key.ticketId()).orElseThrow();
  }

  // ---- internals

  private Map<String, AttributeValue> lock(String counterId, long now) {
    try {
      return dynamo.updateItem(b -> b.tableName(QueueTables.FLOOR).key(floorKey("counter", counterId))
          .updateExpression("SET callLock = :now")
          .conditionExpression("attribute_exists(id) AND #status = :available "
              + "AND (attribute_not_exists(callLock) OR callLock < :stale)")
          .expressionAttributeNames(Map.of("#status", "status"))
          .expressionAttributeValues(Map.of(":now", n(now), ":available", s(AVAILABLE), ":stale", n(now - LOCK_MS)))
          .returnValues(ReturnValue.ALL_NEW)).attributes();
    } catch (ConditionalCheckFailedException e) {
      ObjectNode counter = counter(counterId).orElseThrow(() -> new Refused(404, "no counter " + counterId));
      String status = counter.path("status").asText();
      throw new Refused(409, AVAILABLE.equals(status) ? "counter " + counterId + " is calling a ticket already"
          : "counter " + counterId + " is " + status + (BUSY.equals(status)
              ? " with " + counter.path("currentTicket").asText() + "; complete it first" : "; open it first"));
    }
  }

  private void unlock(String counterId, long lockedAt) {
    try {
      dynamo.updateItem(b -> b.tableName(QueueTables.FLOOR).key(floorKey("counter", counterId))
          .updateExpression("REMOVE callLock").conditionExpression("callLock = :mine")
          .expressionAttributeValues(Map.of(":mine", n(lockedAt))));
    } catch (ConditionalCheckFailedException alreadyReleased) {
      // the serving transaction removed it
    }
  }

  /** Moves {@code calledUpTo} on by one; the ticket number claimed, or -1 when nobody waits behind it. */
  private long claimNext(String serviceType, long now) {
    try {
      var out = dynamo.updateItem(b -> b.tableName(QueueTables.FLOOR).key(floorKey("service", serviceType))
          .updateExpression("SET calledUpTo = calledUpTo + :one")
          .conditionExpression("calledUpTo < lastNumber")
          .expressionAttributeValues(Map.of(":one", n(1)))
          .returnValues(ReturnValue.UPDATED_NEW));
      return Long.parseLong(out.attributes().get("calledUpTo").n());
    } catch (ConditionalCheckFailedException e) {
      return -1;
    }
  }

  /** Ticket serving, counter busy (releasing its lock), service aggregate: one transaction; empty when the ticket was served meanwhile. */
  private Optional<ObjectNode> serveLocked(Map<String, AttributeValue> counter, Map<String, AttributeValue> ticket,
      long now) {
    String counterId = counter.get("counterId").s();
    String counterName = counter.get("counterName").s();
    String number = ticket.get("ticketNumber").s();
    String ticketId = ticket.get("ticketId").s();
    long waited = Math.max(0, now - Long.parseLong(ticket.get("createdAtMs").n()));
    Update ticketUpdate = Update.builder().tableName(QueueTables.TICKETS)
        .key(Map.of("serviceType", ticket.get("serviceType"), "seq", ticket.get("seq")))
        .updateExpression("SET #status = :serving, counterId = :counterId, counterName = :counterName, "
            + "servedAt = :now, updatedAt = :now, message = :message")
        .conditionExpression("#status = :waiting")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(Map.of(":serving", s(SERVING), ":waiting", s(WAITING), ":counterId", s(counterId),
            ":counterName", s(counterName), ":now", s(iso(now)),
            ":message", s("Ticket #" + number + " is now being served at " + counterName)))
        .build();
    Update counterUpdate = Update.builder().tableName(QueueTables.FLOOR).key(floorKey("counter", counterId))
        .updateExpression("SET #status = :busy, currentTicket = :number, currentTicketId = :ticketId, "
            + "updatedAt = :now REMOVE callLock")
        .conditionExpression("callLock = :mine")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(Map.of(":busy", s(BUSY), ":number", s(number), ":ticketId", s(ticketId),
            ":now", s(iso(now)), ":mine", counter.get("callLock")))
        .build();
    Update serviceUpdate = Update.builder().tableName(QueueTables.FLOOR)
        .key(floorKey("service", ticket.get("serviceType").s()))
        .updateExpression("SET nowServing = :number, updatedAt = :now ADD totalWaiting :minusOne, servedCount :one, "
            + "totalWaitMs :waited")
        .expressionAttributeValues(Map.of(":number", s(number), ":now", s(iso(now)), ":minusOne", n(-1),
            ":one", n(1), ":waited", n(waited)))
        .build();
    try {
      dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(ticketUpdate).build(),
          TransactWriteItem.builder().update(counterUpdate).build(),
          TransactWriteItem.builder().update(serviceUpdate).build()));
    } catch (TransactionCanceledException e) {
      if (failed(e, 0)) {
        return Optional.empty();
      }
      throw new Refused(409, "counter " + counterId + " changed while calling; try again");
    }
    return ticket(ticketId);
  }

  private static boolean failed(TransactionCanceledException e, int index) {
    List<CancellationReason> reasons = e.cancellationReasons();
    return reasons != null && reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
  }

  private Map<String, AttributeValue> ticketItem(TicketKey key) {
    var item = dynamo.getItem(b -> b.tableName(QueueTables.TICKETS).key(key.toKey()).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item;
  }

  private Optional<Map<String, AttributeValue>> floorItem(String kind, String id) {
    var item = dynamo.getItem(b -> b.tableName(QueueTables.FLOOR).key(floorKey(kind, id)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  private List<Map<String, AttributeValue>> floor(String kind) {
    List<Map<String, AttributeValue>> all = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      var page = dynamo.query(b -> b.tableName(QueueTables.FLOOR).keyConditionExpression("kind = :kind")
          .expressionAttributeValues(Map.of(":kind", s(kind))).exclusiveStartKey(from));
      all.addAll(page.items());
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return all;
  }

  static String ticketNumber(String prefix, long seq) {
    return prefix + "-" + String.format("%03d", seq);
  }

  static String ticketId(String serviceType, long seq) {
    return serviceType + "-" + seq;
  }

  private static Map<String, AttributeValue> floorKey(String kind, String id) {
    return Map.of("kind", s(kind), "id", s(id));
  }

  /** A ticket id ({@code Finance-7}) as its key: service type and number. */
  record TicketKey(String serviceType, long seq) {
    static TicketKey parse(String ticketId) {
      int dash = ticketId == null ? -1 : ticketId.lastIndexOf('-');
      if (dash <= 0 || dash == ticketId.length() - 1 || dash > 32 || ticketId.length() - dash > 12
          || !Rooms.SERVICE_TYPE.matcher(ticketId.substring(0, dash)).matches()
          || !ticketId.substring(dash + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new Refused(404, "no ticket " + ticketId + " (ticket ids look like Finance-7)");
      }
      return new TicketKey(ticketId.substring(0, dash), Long.parseLong(ticketId.substring(dash + 1)));
    }

    String ticketId() {
      return QueueStore.ticketId(serviceType, seq);
    }

    Map<String, AttributeValue> toKey() {
      return Map.of("serviceType", s(serviceType), "seq", n(seq));
    }
  }

  static ObjectNode ticketJson(Map<String, AttributeValue> item) {
    ObjectNode o = Json.object();
    for (String f : List.of("ticketId", "ticketNumber", "serviceType", "status", "priority", "userId", "counterId",
        "counterName", "createdAt", "servedAt", "completedAt", "updatedAt", "message")) {
      if (item.containsKey(f)) {
        o.put(f, item.get(f).s());
      }
    }
    o.put("seq", Long.parseLong(item.get("seq").n()));
    return o;
  }

  static ObjectNode serviceJson(Map<String, AttributeValue> item) {
    ObjectNode o = Json.object().put("serviceType", item.get("serviceType").s()).put("prefix", item.get("prefix").s());
    for (String f : List.of("lastNumber", "calledUpTo", "totalWaiting", "servedCount", "totalWaitMs")) {
      o.put(f, Long.parseLong(item.get(f).n()));
    }
    o.put("nowServing", item.containsKey("nowServing") ? item.get("nowServing").s() : null);
    o.put("updatedAt", item.get("updatedAt").s());
    return o;
  }

  static ObjectNode counterJson(Map<String, AttributeValue> item) {
    return Json.object().put("counterId", item.get("counterId").s()).put("counterName", item.get("counterName").s())
        .put("serviceType", item.get("serviceType").s()).put("status", item.get("status").s())
        .put("currentTicket", item.containsKey("currentTicket") ? item.get("currentTicket").s() : null)
        .put("currentTicketId", item.containsKey("currentTicketId") ? item.get("currentTicketId").s() : null)
        .put("updatedAt", item.get("updatedAt").s());
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
