package dev.socketiolambda.examples.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.stream.DynamoJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The orders domain in one DynamoDB table (partition key {@code pk}, a stream with both images):
 * every write here is what the stream rules ({@code rules.json}) turn into the seed's events, so
 * this class never talks to sockets. Items carry {@code kind}, which the rules match on:
 *
 * <pre>
 * pk                     kind          attributes
 * ORDER#{orderId}        order         orderId, orderNumber, customerId, customerName, items [{product, name,
 *                                      quantity, price}], totalAmount, deliveryAddress, status, statusMessage,
 *                                      deliveryBoyId, cancelReason, paymentStatus, createdAt, updatedAt
 * BUSINESS#main          business      isOpen, businessName, message, updatedAt
 * AGENT#{id}             agent         deliveryBoyId, name, status (available | busy | offline), currentOrder (NULL when none)
 * PAYMENT#{orderId}      payment       paymentId, orderId, customerId, amount, paymentMethod, status, createdAt
 * NOTIFICATION#{id}      notification  notificationId, userId, title, message, type, createdAt
 * OFFER#{code}           offer         code, description, discountValue, createdAt
 * </pre>
 *
 * Reads return items as plain JSON objects ({@link DynamoJson}); numbers keep their exact value.
 */
public final class OrdersStore {
  static final String BUSINESS_ID = "main";
  private static final AttributeValue NULL = AttributeValue.fromNul(true);

  private final DynamoDbClient db;
  private final String table;
  private final LongSupplier clock;

  public OrdersStore(DynamoDbClient db, String table, LongSupplier clock) {
    this.db = db;
    this.table = table;
    this.clock = clock;
  }

  /** A write refused by its condition: the answer is a 409 naming why. */
  public static final class Conflict extends RuntimeException {
    Conflict(String message) {
      super(message);
    }
  }

  /**
   * Creates the table (key {@code pk}) unless it exists: for the local demo only, which seeds before the
   * local stack creates the stream rules' tables (it then enables the stream); CDK declares it on AWS.
   */
  public void createTableIfAbsent() {
    try {
      db.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
          .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    } catch (ResourceInUseException exists) {
      // there already
    }
  }

  // ---- business

  /** Creates the business unless it exists. */
  public void createBusinessIfAbsent(String name, boolean isOpen) {
    try {
      db.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(pk)").item(Map.of(
          "pk", s("BUSINESS#" + BUSINESS_ID), "kind", s("business"), "businessName", s(name),
          "isOpen", AttributeValue.fromBool(isOpen), "message", s(businessMessage(name, isOpen)), "updatedAt", s(now()))));
    } catch (ConditionalCheckFailedException exists) {
      // kept
    }
  }

  public Optional<ObjectNode> business() {
    return get("BUSINESS#" + BUSINESS_ID);
  }

  /** Opens or closes the business; the new item (one UpdateItem). */
  public ObjectNode setBusinessOpen(boolean isOpen, String defaultName) {
    Map<String, AttributeValue> item = db.updateItem(b -> b.tableName(table).key(key("BUSINESS#" + BUSINESS_ID))
        .updateExpression("SET kind = :k, businessName = if_not_exists(businessName, :n), isOpen = :o, "
            + "message = :m, updatedAt = :t")
        .expressionAttributeValues(Map.of(":k", s("business"), ":n", s(defaultName),
            ":o", AttributeValue.fromBool(isOpen), ":m", s(businessMessage(defaultName, isOpen)), ":t", s(now())))
        .returnValues(ReturnValue.ALL_NEW)).attributes();
    return plain(item);
  }

  static String businessMessage(String name, boolean isOpen) {
    return isOpen ? name + " is now open and accepting orders" : name + " is closed and not accepting orders";
  }

  // ---- orders

  /** An order line as stored: the product, its name and unit price from the menu, the quantity. */
  public record Line(Menu.Product product, int quantity) {}

  /** Stores a new order in {@code pending} (one PutItem); returns it. */
  public ObjectNode placeOrder(String orderId, String orderNumber, String customerId, String customerName,
      List<Line> lines, String deliveryAddress) {
    BigDecimal total = BigDecimal.ZERO;
    List<AttributeValue> items = new ArrayList<>();
    for (Line l : lines) {
      total = total.add(l.product().price().multiply(BigDecimal.valueOf(l.quantity())));
      items.add(AttributeValue.fromM(Map.of("product", s(l.product().id()), "name", s(l.product().name()),
          "quantity", n(BigDecimal.valueOf(l.quantity())), "price", n(l.product().price()))));
    }
    String now = now();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s("ORDER#" + orderId));
    item.put("kind", s("order"));
    item.put("orderId", s(orderId));
    item.put("orderNumber", s(orderNumber));
    item.put("customerId", s(customerId));
    item.put("customerName", s(customerName));
    item.put("items", AttributeValue.fromL(items));
    item.put("totalAmount", n(total));
    item.put("deliveryAddress", s(deliveryAddress));
    item.put("status", s(OrderStatus.PENDING.wire()));
    item.put("statusMessage", s(OrderStatus.PENDING.message()));
    item.put("paymentStatus", s("unpaid"));
    item.put("createdAt", s(now));
    item.put("updatedAt", s(now));
    db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    return plain(item);
  }

  /** The order (one strongly consistent GetItem). */
  public Optional<ObjectNode> order(String orderId) {
    return get("ORDER#" + orderId);
  }

  /**
   * Moves an order from {@code from} to {@code to} (with the cancel reason for {@code cancelled}); when the order
   * ends ({@code delivered}, {@code cancelled}) its agent becomes available again in the same transaction.
   *
   * @throws Conflict when the order's status is no longer {@code from} (a concurrent change)
   */
  public void changeStatus(ObjectNode order, OrderStatus from, OrderStatus to, String cancelReason) {
    String orderId = order.path("orderId").asText();
    Map<String, String> names = Map.of("#s", "status");
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":from", s(from.wire()), ":to", s(to.wire()),
        ":m", s(to.message()), ":t", s(now())));
    if (cancelReason != null) {
      values.put(":r", s(cancelReason));
    }
    String set = "SET #s = :to, statusMessage = :m, updatedAt = :t" + (cancelReason != null ? ", cancelReason = :r" : "");
    Update orderUpdate = Update.builder().tableName(table).key(key("ORDER#" + orderId)).updateExpression(set)
        .conditionExpression("#s = :from").expressionAttributeNames(names).expressionAttributeValues(values).build();
    String agent = order.path("deliveryBoyId").asText(null);
    if (!to.finished() || agent == null) {
      try {
        db.updateItem(b -> b.tableName(table).key(orderUpdate.key()).updateExpression(orderUpdate.updateExpression())
            .conditionExpression("#s = :from").expressionAttributeNames(names).expressionAttributeValues(values));
      } catch (ConditionalCheckFailedException e) {
        throw new Conflict("order " + orderId + " is no longer " + from.wire());
      }
      return;
    }
    Update freeAgent = Update.builder().tableName(table).key(key("AGENT#" + agent))
        .updateExpression("SET #s = :available, currentOrder = :null, updatedAt = :t")
        .conditionExpression("currentOrder = :order")
        .expressionAttributeNames(names)
        .expressionAttributeValues(Map.of(":available", s("available"), ":null", NULL, ":t", s(now()),
            ":order", s(orderId))).build();
    transact("order " + orderId + " is no longer " + from.wire(),
        TransactWriteItem.builder().update(orderUpdate).build(), TransactWriteItem.builder().update(freeAgent).build());
  }

  /**
   * Assigns an available agent to an unassigned order that is not finished: the order gets
   * {@code deliveryBoyId}, the agent becomes {@code busy} with {@code currentOrder} (one transaction).
   *
   * @throws Conflict when the order was assigned meanwhile or the agent is not available
   */
  public void assign(String orderId, String status, String agentId) {
    String now = now();
    Update order = Update.builder().tableName(table).key(key("ORDER#" + orderId))
        .updateExpression("SET deliveryBoyId = :a, updatedAt = :t")
        .conditionExpression("attribute_not_exists(deliveryBoyId) AND #s = :status")
        .expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(Map.of(":a", s(agentId), ":t", s(now), ":status", s(status))).build();
    Update agent = Update.builder().tableName(table).key(key("AGENT#" + agentId))
        .updateExpression("SET #s = :busy, currentOrder = :o, updatedAt = :t")
        .conditionExpression("#s = :available")
        .expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(Map.of(":busy", s("busy"), ":o", s(orderId), ":t", s(now),
            ":available", s("available"))).build();
    transact("order " + orderId + " was changed or agent " + agentId + " is no longer available",
        TransactWriteItem.builder().update(order).build(), TransactWriteItem.builder().update(agent).build());
  }

  // ---- delivery agents

  public Optional<ObjectNode> agent(String agentId) {
    return get("AGENT#" + agentId);
  }

  /**
   * Sets an agent's own status ({@code available} or {@code offline}), creating the agent on first
   * use; refused while the agent delivers an order (one UpdateItem).
   *
   * @throws Conflict while the agent has a current order
   */
  public ObjectNode setAgentStatus(String agentId, String name, String status) {
    try {
      return plain(db.updateItem(b -> b.tableName(table).key(key("AGENT#" + agentId))
          .updateExpression("SET kind = :k, deliveryBoyId = :id, #n = if_not_exists(#n, :name), #s = :s, "
              + "currentOrder = if_not_exists(currentOrder, :null), updatedAt = :t")
          .conditionExpression("attribute_not_exists(currentOrder) OR attribute_type(currentOrder, :nullType)")
          .expressionAttributeNames(Map.of("#s", "status", "#n", "name"))
          .expressionAttributeValues(Map.of(":k", s("agent"), ":id", s(agentId), ":name", s(name), ":s", s(status),
              ":null", NULL, ":t", s(now()), ":nullType", s("NULL")))
          .returnValues(ReturnValue.ALL_NEW)).attributes());
    } catch (ConditionalCheckFailedException e) {
      throw new Conflict("agent " + agentId + " is delivering an order; finish it first");
    }
  }

  // ---- payments, notifications, offers

  /**
   * Records a completed payment of an order and marks the order paid (one transaction).
   *
   * @throws Conflict when the order is already paid or was cancelled meanwhile
   */
  public ObjectNode recordPayment(ObjectNode order, String paymentMethod) {
    String orderId = order.path("orderId").asText();
    Map<String, AttributeValue> payment = new HashMap<>();
    payment.put("pk", s("PAYMENT#" + orderId));
    payment.put("kind", s("payment"));
    payment.put("paymentId", s("pay-" + orderId));
    payment.put("orderId", s(orderId));
    payment.put("customerId", s(order.path("customerId").asText()));
    payment.put("amount", n(order.path("totalAmount").decimalValue()));
    payment.put("paymentMethod", s(paymentMethod));
    payment.put("status", s("completed"));
    payment.put("createdAt", s(now()));
    transact("order " + orderId + " is already paid or was cancelled",
        TransactWriteItem.builder().put(p -> p.tableName(table).item(payment)
            .conditionExpression("attribute_not_exists(pk)")).build(),
        TransactWriteItem.builder().update(u -> u.tableName(table).key(key("ORDER#" + orderId))
            .updateExpression("SET paymentStatus = :paid")
            .conditionExpression("#s <> :cancelled AND paymentStatus <> :paid")
            .expressionAttributeNames(Map.of("#s", "status"))
            .expressionAttributeValues(Map.of(":paid", s("paid"), ":cancelled", s("cancelled")))).build());
    return plain(payment);
  }

  /** Stores a notification for a user (one PutItem). */
  public ObjectNode createNotification(String id, String userId, String title, String message, String type) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", s("NOTIFICATION#" + id));
    item.put("kind", s("notification"));
    item.put("notificationId", s(id));
    item.put("userId", s(userId));
    item.put("title", s(title));
    item.put("message", s(message));
    item.put("type", s(type));
    item.put("createdAt", s(now()));
    db.putItem(b -> b.tableName(table).item(item));
    return plain(item);
  }

  /**
   * Stores a new offer (one PutItem).
   *
   * @throws Conflict when an offer with this code exists
   */
  public ObjectNode createOffer(String code, String description, BigDecimal discountValue) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", s("OFFER#" + code));
    item.put("kind", s("offer"));
    item.put("code", s(code));
    item.put("description", s(description));
    item.put("discountValue", n(discountValue));
    item.put("createdAt", s(now()));
    try {
      db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      throw new Conflict("an offer with code " + code + " exists");
    }
    return plain(item);
  }

  // ---- helpers

  private Optional<ObjectNode> get(String pk) {
    Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true).key(key(pk))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(plain(item));
  }

  private void transact(String conflict, TransactWriteItem... writes) {
    try {
      db.transactWriteItems(b -> b.transactItems(writes));
    } catch (TransactionCanceledException e) {
      boolean conditions = e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
      if (conditions) {
        throw new Conflict(conflict);
      }
      throw e;
    }
  }

  static ObjectNode plain(Map<String, AttributeValue> item) {
    ObjectNode o = DynamoJson.toPlainItem(DynamoJson.fromSdk(item));
    o.remove("pk");
    o.remove("kind");
    return o;
  }

  private String now() {
    return Instant.ofEpochMilli(clock.getAsLong()).toString();
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", s(pk));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(BigDecimal v) {
    return AttributeValue.fromN(v.toPlainString());
  }
}
