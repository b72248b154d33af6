package dev.socketiolambda.examples.storefront;

import static dev.socketiolambda.examples.storefront.StorefrontTables.CARTS;
import static dev.socketiolambda.examples.storefront.StorefrontTables.NOTIFICATIONS;
import static dev.socketiolambda.examples.storefront.StorefrontTables.ORDERS;
import static dev.socketiolambda.examples.storefront.StorefrontTables.PRODUCTS;
import static dev.socketiolambda.examples.storefront.StorefrontTables.QUOTATIONS;
import static dev.socketiolambda.examples.storefront.StorefrontTables.WHOLESALE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The storefront's writes and reads, with the seed's business rules (who may do what, which status
 * may follow which). Writes go to the domain tables; their streams make the events
 * ({@link StorefrontEvents}), so nothing here talks to sockets. Each write that also notifies users
 * puts the notification items in the same transaction. The DynamoDB requests of each operation are
 * listed in the module's README.
 */
public final class StorefrontStore {
  public static final Set<String> ORDER_STATUSES =
      Set.of("confirmed", "fulfilled", "shipped", "delivered", "completed", "cancelled", "refunded");
  public static final Set<String> WHOLESALE_STATUSES =
      Set.of("confirmed", "in_production", "shipped", "delivered", "cancelled");
  public static final Set<String> CATEGORIES = Set.of("order", "payment", "shipping", "wholesale", "quotation");
  /** Wholesale orders pay this share of the total up front. */
  static final BigDecimal DEPOSIT_SHARE = new BigDecimal("0.30");
  static final long MAX_VALIDITY_SECONDS = 90L * 24 * 3600;

  private final DynamoDbClient dynamo;
  private final String index;
  private final LongSupplier clock;
  private final Set<String> directEvents;
  private final SecureRandom random = new SecureRandom();

  public StorefrontStore(DynamoDbClient dynamo, String indexTable, LongSupplier clock) {
    this(dynamo, indexTable, clock, Set.of());
  }

  /** @param directEvents product events the caller emits itself after a product change (the stream skips them) */
  public StorefrontStore(DynamoDbClient dynamo, String indexTable, LongSupplier clock, Set<String> directEvents) {
    this.dynamo = dynamo;
    this.index = indexTable;
    this.clock = clock;
    this.directEvents = Set.copyOf(directEvents);
  }

  /** The product events emitted directly by the writer of a product change (none by default). */
  public Set<String> directEvents() {
    return directEvents;
  }

  // ---------------------------------------------------------------- products

  /** {@code {name, description?, price, stock, lowStockThreshold?}}: 1 PutItem. */
  public ObjectNode createProduct(Actor a, JsonNode body) {
    a.require(Actor.SELLER, Actor.ADMIN);
    ObjectNode in = Input.object(body);
    ObjectNode p = Json.object().put("productId", newId("p")).put("sellerId", a.id())
        .put("name", Input.text(in, "name", 120, true));
    String description = Input.text(in, "description", 2000, false);
    if (description != null) {
      p.put("description", description);
    }
    p.put("price", Input.money(in, "price", true))
        .put("stock", Input.count(in, "stock", 0, 1_000_000, null))
        .put("lowStockThreshold", Input.count(in, "lowStockThreshold", 0, 1_000_000, (long) StorefrontEvents.LOW_STOCK))
        .put("status", "active").put("createdAt", now());
    stamp(p, a);
    dynamo.putItem(b -> b.tableName(PRODUCTS).item(Items.item(p)).conditionExpression("attribute_not_exists(productId)"));
    return p;
  }

  public Optional<ObjectNode> product(String productId) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(PRODUCTS)
        .key(Items.key("productId", Input.id("productId", productId)))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.json(item));
  }

  /** Changes some of {@code name, description, status, price, stock, lowStockThreshold}: 1 UpdateItem. */
  public ObjectNode updateProduct(Actor a, String productId, JsonNode body) {
    return changeProduct(a, productId, body).after();
  }

  /** A product before and after a change. */
  public record ProductChange(ObjectNode before, ObjectNode after) {}

  /**
   * {@link #updateProduct}, with the item before the change. The item records which of its events the
   * writer emits directly ({@code directEvents}), so that the stream does not send them again. One
   * UpdateItem, conditioned on the product existing and (for a seller) being the caller's, returns the
   * old item; the new one is the old with the change applied (what DynamoDB stores). Only a refused
   * update reads the product, to tell 404 from 403.
   */
  public ProductChange changeProduct(Actor a, String productId, JsonNode body) {
    a.require(Actor.SELLER, Actor.ADMIN);
    ObjectNode in = Input.object(body);
    ObjectNode sets = Json.object();
    for (String field : List.of("name", "description")) {
      if (in.has(field)) {
        sets.put(field, Input.text(in, field, field.equals("name") ? 120 : 2000, true));
      }
    }
    if (in.has("status")) {
      sets.put("status", Input.oneOf(in, "status", Set.of("active", "inactive")));
    }
    if (in.has("price")) {
      sets.put("price", Input.money(in, "price", true));
    }
    for (String field : List.of("stock", "lowStockThreshold")) {
      if (in.has(field)) {
        sets.put(field, Input.count(in, field, 0, 1_000_000, null));
      }
    }
    Set<String> known = Set.of("name", "description", "status", "price", "stock", "lowStockThreshold");
    in.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        throw StorefrontError.invalid(f, "is not a product field (" + String.join(", ", known) + ")");
      }
    });
    if (sets.isEmpty()) {
      throw StorefrontError.invalid("body", "must change at least one of " + String.join(", ", known));
    }
    Input.id("productId", productId);
    ArrayNode direct = sets.putArray("directEvents");
    new java.util.TreeSet<>(directEvents).forEach(direct::add);
    boolean owned = !a.isAdmin();
    Expression e = expression(sets, a, owned ? Map.of("#owner", "sellerId") : Map.of(),
        owned ? Map.of(":owner", AttributeValue.fromS(a.id())) : Map.of());
    Map<String, AttributeValue> old;
    try {
      old = dynamo.updateItem(b -> b.tableName(PRODUCTS).key(Items.key("productId", productId))
          .updateExpression(e.update)
          .conditionExpression("attribute_exists(productId)" + (owned ? " AND #owner = :owner" : ""))
          .expressionAttributeNames(e.names).expressionAttributeValues(e.values)
          .returnValues(ReturnValue.ALL_OLD)).attributes();
    } catch (ConditionalCheckFailedException refused) {
      ObjectNode p = product(productId).orElseThrow(() -> StorefrontError.notFound("no product " + productId));
      a.requireOwner(p.path("sellerId").asText(), "product");
      throw StorefrontError.conflict("the product changed meanwhile, try again");
    }
    ObjectNode before = Items.json(old);
    ObjectNode after = before.deepCopy();
    after.setAll(Items.json(Items.item(e.applied)));
    return new ProductChange(before, after);
  }

  /** 1 GetItem + 1 DeleteItem. */
  public ObjectNode deleteProduct(Actor a, String productId) {
    a.require(Actor.SELLER, Actor.ADMIN);
    ObjectNode p = product(productId).orElseThrow(() -> StorefrontError.notFound("no product " + productId));
    a.requireOwner(p.path("sellerId").asText(), "product");
    try {
      dynamo.deleteItem(b -> b.tableName(PRODUCTS).key(Items.key("productId", productId))
          .conditionExpression("attribute_exists(productId)"));
    } catch (ConditionalCheckFailedException e) {
      throw StorefrontError.notFound("no product " + productId);
    }
    return Json.object().put("productId", productId).put("deleted", true);
  }

  /**
   * A product view ({@code product:view}): 1 GetItem + 1 UpdateItem (the seller's per-product view
   * counter, returning the new count).
   */
  public View view(String productId) {
    ObjectNode p = product(productId).orElseThrow(() -> StorefrontError.notFound("no product " + productId));
    String seller = p.path("sellerId").asText();
    Map<String, AttributeValue> counted = dynamo.updateItem(b -> b.tableName(index)
        .key(Items.key("pk", "metrics#" + seller, "sk", "product#" + productId))
        .updateExpression("ADD #v :one")
        .expressionAttributeNames(Map.of("#v", "views"))
        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
        .returnValues(ReturnValue.UPDATED_NEW)).attributes();
    return new View(p, Long.parseLong(counted.get("views").n()));
  }

  /** A viewed product and its view count so far. */
  public record View(ObjectNode product, long views) {}

  // ---------------------------------------------------------------- cart

  /** {@code {quantity}}: 1 GetItem (the product) + 1 PutItem. */
  public ObjectNode putCartItem(Actor a, String productId, JsonNode body) {
    a.require(Actor.BUYER);
    long quantity = Input.count(Input.object(body), "quantity", 1, 1000, null);
    ObjectNode p = product(productId).orElseThrow(() -> StorefrontError.notFound("no product " + productId));
    if (!"active".equals(p.path("status").asText())) {
      throw StorefrontError.conflict("product " + productId + " is not for sale");
    }
    if (p.path("stock").asLong() < quantity) {
      throw StorefrontError.conflict("only " + p.path("stock").asLong() + " of product " + productId + " in stock");
    }
    ObjectNode item = Json.object().put("userId", a.id()).put("productId", productId)
        .put("sellerId", p.path("sellerId").asText()).put("name", p.path("name").asText()).put("quantity", quantity);
    item.set("price", p.get("price"));
    stamp(item, a);
    dynamo.putItem(b -> b.tableName(CARTS).item(Items.item(item)));
    return item;
  }

  /** 1 DeleteItem. */
  public void removeCartItem(Actor a, String productId) {
    a.require(Actor.BUYER);
    try {
      dynamo.deleteItem(b -> b.tableName(CARTS).key(Items.key("userId", a.id(), "productId", Input.id("productId",
          productId))).conditionExpression("attribute_exists(productId)"));
    } catch (ConditionalCheckFailedException e) {
      throw StorefrontError.notFound("product " + productId + " is not in your cart");
    }
  }

  /** The user's cart: 1 Query. */
  public List<ObjectNode> cart(String userId) {
    List<ObjectNode> out = new ArrayList<>();
    dynamo.queryPaginator(b -> b.tableName(CARTS).keyConditionExpression("userId = :u")
        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))).items()
        .forEach(i -> out.add(Items.json(i)));
    return out;
  }

  /** Empties the cart: 1 Query + one DeleteItem per item (each a {@code cart:updated}); the product ids removed. */
  public List<String> clearCart(Actor a) {
    a.require(Actor.BUYER);
    List<String> removed = new ArrayList<>();
    for (ObjectNode item : cart(a.id())) {
      String productId = item.path("productId").asText();
      dynamo.deleteItem(b -> b.tableName(CARTS).key(Items.key("userId", a.id(), "productId", productId)));
      removed.add(productId);
    }
    return removed;
  }

  // ---------------------------------------------------------------- orders

  /**
   * {@code {items: [{productId, quantity}]}} of one seller: 1 BatchGetItem + 1 TransactWriteItems
   * (the order, each product's stock, a notification to the buyer and one to the seller).
   */
  public ObjectNode placeOrder(Actor a, JsonNode body) {
    a.require(Actor.BUYER);
    Priced priced = price(Input.list(Input.object(body), "items", 20), null);
    ObjectNode order = Json.object().put("orderId", newId("o")).put("buyerId", a.id())
        .put("sellerId", priced.sellerId);
    order.set("items", priced.lines);
    order.put("total", priced.total).put("status", "placed").put("paymentStatus", "unpaid").put("createdAt", now());
    stamp(order, a);
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(put(ORDERS, order));
    List<String> reasons = new ArrayList<>(List.of("order exists"));
    for (JsonNode line : priced.lines) {
      String productId = line.path("productId").asText();
      writes.add(TransactWriteItem.builder().update(u -> u.tableName(PRODUCTS).key(Items.key("productId", productId))
          // an order's stock change always goes through the stream: no directEvents
          .updateExpression("SET stock = stock - :q, updatedAt = :at, updatedBy = :by, directEvents = :none")
          .conditionExpression("stock >= :q AND #s = :active")
          .expressionAttributeNames(Map.of("#s", "status"))
          .expressionAttributeValues(Map.of(":q", AttributeValue.fromN(line.path("quantity").asText()),
              ":at", AttributeValue.fromS(order.path("updatedAt").asText()), ":by", AttributeValue.fromS(a.id()),
              ":active", AttributeValue.fromS("active"), ":none", AttributeValue.fromL(List.of())))).build());
      reasons.add("not enough stock of product " + productId);
    }
    String id = order.path("orderId").asText();
    writes.add(put(NOTIFICATIONS, notification(a.id(), "order", "Order placed", "Your order " + id + " was placed", a)));
    writes.add(put(NOTIFICATIONS, notification(priced.sellerId, "order", "New order", "Order " + id + " was placed", a)));
    transact(writes, reasons);
    return order;
  }

  public Optional<ObjectNode> order(String orderId) {
    return get(ORDERS, Items.key("orderId", Input.id("orderId", orderId)));
  }

  /**
   * {@code {status}} by the order's seller (or an admin): 1 GetItem + 1 TransactWriteItems (the
   * order, the buyer's notification ({@code shipping} when shipped), the seller's sales count when completed).
   */
  public ObjectNode updateOrderStatus(Actor a, String orderId, JsonNode body) {
    a.require(Actor.SELLER, Actor.ADMIN);
    String status = Input.oneOf(Input.object(body), "status", ORDER_STATUSES);
    ObjectNode o = order(orderId).orElseThrow(() -> StorefrontError.notFound("no order " + orderId));
    a.requireOwner(o.path("sellerId").asText(), "order");
    String old = o.path("status").asText();
    if (Set.of("completed", "cancelled", "refunded").contains(old) || old.equals(status)) {
      throw StorefrontError.conflict("order " + orderId + " is " + old + ": it cannot become " + status);
    }
    ObjectNode sets = Json.object().put("status", status);
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(updateItem(ORDERS, Items.key("orderId", orderId), sets, a, "#c = :old",
        Map.of("#c", "status"), Map.of(":old", AttributeValue.fromS(old))));
    boolean shipped = status.equals("shipped");
    writes.add(put(NOTIFICATIONS, notification(o.path("buyerId").asText(), shipped ? "shipping" : "order",
        shipped ? "Order shipped" : "Order " + status, "Your order " + orderId + " is " + status, a)));
    if (status.equals("completed")) {
      writes.add(addMetrics(o.path("sellerId").asText(), Map.of("sales", BigDecimal.ONE)));
    }
    transact(writes, List.of("order " + orderId + " changed meanwhile", "notification exists", "metrics"));
    return sets.put("orderId", orderId);
  }

  /**
   * The buyer pays: 1 GetItem + 1 TransactWriteItems (the order's {@code paymentStatus}, the seller's
   * revenue, a payment notification to the buyer and one to the seller).
   */
  public ObjectNode payOrder(Actor a, String orderId) {
    a.require(Actor.BUYER, Actor.ADMIN);
    ObjectNode o = order(orderId).orElseThrow(() -> StorefrontError.notFound("no order " + orderId));
    a.requireOwner(o.path("buyerId").asText(), "order");
    if (!"unpaid".equals(o.path("paymentStatus").asText())) {
      throw StorefrontError.conflict("order " + orderId + " is already " + o.path("paymentStatus").asText());
    }
    String seller = o.path("sellerId").asText();
    ObjectNode sets = Json.object().put("paymentStatus", "paid").put("paidAt", now());
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(updateItem(ORDERS, Items.key("orderId", orderId), sets, a, "#c = :unpaid",
        Map.of("#c", "paymentStatus"), Map.of(":unpaid", AttributeValue.fromS("unpaid"))));
    writes.add(addMetrics(seller, Map.of("revenue", o.path("total").decimalValue(), "orders", BigDecimal.ONE)));
    writes.add(put(NOTIFICATIONS, notification(o.path("buyerId").asText(), "payment", "Payment received",
        "Your payment for order " + orderId + " was received", a)));
    writes.add(put(NOTIFICATIONS, notification(seller, "payment", "Payment received",
        "Order " + orderId + " was paid", a)));
    transact(writes, List.of("order " + orderId + " was paid meanwhile", "metrics", "notification", "notification"));
    return sets.put("orderId", orderId);
  }

  // ---------------------------------------------------------------- wholesale

  /** {@code {buyerId, buyerEmail?, discountPercent?}}: 1 TransactWriteItems (invitation + buyer's notification). */
  public ObjectNode inviteWholesale(Actor a, JsonNode body) {
    a.require(Actor.SELLER);
    ObjectNode in = Input.object(body);
    ObjectNode w = Json.object().put("id", newId("wi")).put("kind", "invitation").put("sellerId", a.id())
        .put("buyerId", Input.id(in, "buyerId"));
    String email = Input.text(in, "buyerEmail", 254, false);
    if (email != null) {
      w.put("buyerEmail", email);
    }
    w.put("discountPercent", Input.count(in, "discountPercent", 0, 90, 0L)).put("status", "pending")
        .put("createdAt", now());
    stamp(w, a);
    transact(List.of(put(WHOLESALE, w), put(NOTIFICATIONS, notification(w.path("buyerId").asText(), "wholesale",
        "Wholesale invitation", "Seller " + a.id() + " invites you to buy wholesale", a))), List.of("exists", "exists"));
    return w;
  }

  /** The invited buyer accepts or rejects: 1 GetItem + 1 TransactWriteItems (status + seller's notification). */
  public ObjectNode answerInvitation(Actor a, String id, boolean accept) {
    a.require(Actor.BUYER);
    ObjectNode w = wholesale(id, "invitation");
    if (!a.id().equals(w.path("buyerId").asText())) {
      throw StorefrontError.forbidden("only the invited buyer may answer this invitation");
    }
    String status = accept ? "accepted" : "rejected";
    ObjectNode sets = Json.object().put("status", status);
    transact(List.of(
        updateItem(WHOLESALE, Items.key("id", id), sets, a, "#c = :pending", Map.of("#c", "status"),
            Map.of(":pending", AttributeValue.fromS("pending"))),
        put(NOTIFICATIONS, notification(w.path("sellerId").asText(), "wholesale", "Invitation " + status,
            "Buyer " + a.id() + " " + status + " your wholesale invitation", a))),
        List.of("invitation " + id + " was already answered", "exists"));
    return sets.put("id", id);
  }

  /**
   * {@code {invitationId, items: [{productId, quantity}]}} under an accepted invitation (its discount,
   * products of its seller; a {@value #DEPOSIT_SHARE} deposit): 1 GetItem + 1 BatchGetItem + 1
   * TransactWriteItems (order + notifications to seller and buyer).
   */
  public ObjectNode placeWholesaleOrder(Actor a, JsonNode body) {
    a.require(Actor.BUYER);
    ObjectNode in = Input.object(body);
    String invitationId = Input.id(in, "invitationId");
    ObjectNode inv = wholesale(invitationId, "invitation");
    if (!a.id().equals(inv.path("buyerId").asText()) || !"accepted".equals(inv.path("status").asText())) {
      throw StorefrontError.forbidden("wholesale orders need an accepted invitation of yours");
    }
    Priced priced = price(Input.list(in, "items", 50), inv);
    BigDecimal deposit = priced.total.multiply(DEPOSIT_SHARE).setScale(2, RoundingMode.HALF_UP);
    ObjectNode w = Json.object().put("id", newId("wo")).put("kind", "order").put("invitationId", invitationId)
        .put("sellerId", priced.sellerId).put("buyerId", a.id());
    w.set("items", priced.lines);
    w.put("total", priced.total).put("depositAmount", deposit).put("depositPaid", false).put("balancePaid", false)
        .put("status", "placed").put("createdAt", now());
    stamp(w, a);
    String id = w.path("id").asText();
    transact(List.of(put(WHOLESALE, w),
        put(NOTIFICATIONS, notification(priced.sellerId, "wholesale", "Wholesale order", "Order " + id + " placed", a)),
        put(NOTIFICATIONS, notification(a.id(), "wholesale", "Wholesale order", "Your order " + id + " was placed", a))),
        List.of("exists", "exists", "exists"));
    return w;
  }

  /** {@code {status}} by the seller: 1 GetItem + 1 UpdateItem. */
  public ObjectNode updateWholesaleOrder(Actor a, String id, JsonNode body) {
    a.require(Actor.SELLER, Actor.ADMIN);
    String status = Input.oneOf(Input.object(body), "status", WHOLESALE_STATUSES);
    ObjectNode w = wholesale(id, "order");
    a.requireOwner(w.path("sellerId").asText(), "wholesale order");
    String old = w.path("status").asText();
    if (old.equals(status) || Set.of("delivered", "cancelled").contains(old)) {
      throw StorefrontError.conflict("wholesale order " + id + " is " + old + ": it cannot become " + status);
    }
    return update(WHOLESALE, Items.key("id", id), Json.object().put("status", status), a, "#c = :old",
        Map.of(":old", AttributeValue.fromS(old)), "wholesale order " + id + " changed meanwhile");
  }

  /** The buyer pays the deposit, then the balance: 1 GetItem + 1 TransactWriteItems (order + seller's notification). */
  public ObjectNode payWholesale(Actor a, String id, boolean balance) {
    a.require(Actor.BUYER);
    ObjectNode w = wholesale(id, "order");
    if (!a.id().equals(w.path("buyerId").asText())) {
      throw StorefrontError.forbidden("only the buyer pays this wholesale order");
    }
    String field = balance ? "balancePaid" : "depositPaid";
    if (w.path(field).asBoolean()) {
      throw StorefrontError.conflict("wholesale order " + id + ": " + (balance ? "balance" : "deposit") + " already paid");
    }
    if (balance && !w.path("depositPaid").asBoolean()) {
      throw StorefrontError.conflict("wholesale order " + id + ": pay the deposit first");
    }
    BigDecimal amount = balance ? w.path("total").decimalValue().subtract(w.path("depositAmount").decimalValue())
        : w.path("depositAmount").decimalValue();
    ObjectNode sets = Json.object().put(field, true);
    String seller = w.path("sellerId").asText();
    transact(List.of(
        updateItem(WHOLESALE, Items.key("id", id), sets, a, "#c = :no", Map.of("#c", field),
            Map.of(":no", AttributeValue.fromBool(false))),
        addMetrics(seller, Map.of("revenue", amount)),
        put(NOTIFICATIONS, notification(seller, "wholesale", balance ? "Balance paid" : "Deposit paid",
            "Wholesale order " + id + ": " + amount + " paid", a))),
        List.of("wholesale order " + id + " was paid meanwhile", "metrics", "exists"));
    return sets.put("id", id).put("amount", amount);
  }

  private ObjectNode wholesale(String id, String kind) {
    ObjectNode w = get(WHOLESALE, Items.key("id", Input.id("id", id)))
        .filter(x -> kind.equals(x.path("kind").asText()))
        .orElseThrow(() -> StorefrontError.notFound("no wholesale " + kind + " " + id));
    return w;
  }

  // ---------------------------------------------------------------- quotations

  /**
   * {@code {buyerId, items: [{description, quantity, unitPrice}], notes?, validForSeconds?}} (default 7
   * days): 1 TransactWriteItems (the quotation and its expiry bucket item in the index table).
   */
  public ObjectNode createQuotation(Actor a, JsonNode body) {
    a.require(Actor.SELLER);
    ObjectNode in = Input.object(body);
    ObjectNode q = Json.object().put("quotationId", newId("q")).put("sellerId", a.id())
        .put("buyerId", Input.id(in, "buyerId"));
    quoteLines(in, q);
    String notes = Input.text(in, "notes", 2000, false);
    if (notes != null) {
      q.put("notes", notes);
    }
    long expires = clock.getAsLong() + 1000 * Input.count(in, "validForSeconds", 1, MAX_VALIDITY_SECONDS, 7L * 24 * 3600);
    q.put("status", "draft").put("expiresAt", Envelope.iso(expires)).put("createdAt", now());
    stamp(q, a);
    transact(List.of(put(QUOTATIONS, q), put(index, expiryItem(q.path("quotationId").asText(), expires))),
        List.of("exists", "exists"));
    return q;
  }

  /** {@code {items?, notes?, validForSeconds?}} by the seller while open: 1 GetItem + 1 TransactWriteItems. */
  public ObjectNode updateQuotation(Actor a, String id, JsonNode body) {
    a.require(Actor.SELLER);
    ObjectNode in = Input.object(body);
    ObjectNode q = quotation(id);
    a.requireOwner(q.path("sellerId").asText(), "quotation");
    ObjectNode sets = Json.object();
    if (in.has("items")) {
      quoteLines(in, sets);
    }
    if (in.has("notes")) {
      sets.put("notes", Input.text(in, "notes", 2000, true));
    }
    List<TransactWriteItem> writes = new ArrayList<>();
    if (in.has("validForSeconds")) {
      long expires = clock.getAsLong() + 1000 * Input.count(in, "validForSeconds", 1, MAX_VALIDITY_SECONDS, null);
      sets.put("expiresAt", Envelope.iso(expires));
      writes.add(put(index, expiryItem(id, expires)));
    }
    if (sets.isEmpty()) {
      throw StorefrontError.invalid("body", "must change at least one of items, notes, validForSeconds");
    }
    writes.add(0, updateItem(QUOTATIONS, Items.key("quotationId", id), sets, a, "#c IN (:d, :s, :v)",
        Map.of("#c", "status"), openStatuses()));
    transact(writes, List.of("quotation " + id + " is no longer open", "exists"));
    return sets.put("quotationId", id);
  }

  /** The seller sends a draft: 1 GetItem + 1 TransactWriteItems (status + buyer's notification). */
  public ObjectNode sendQuotation(Actor a, String id) {
    a.require(Actor.SELLER);
    ObjectNode q = quotation(id);
    a.requireOwner(q.path("sellerId").asText(), "quotation");
    return quotationStatus(a, q, "sent", "draft", q.path("buyerId").asText(), "Quotation received",
        "Seller " + q.path("sellerId").asText() + " sent you quotation " + id);
  }

  /** The buyer opens a sent quotation (again: nothing changes): 1 GetItem (+ 1 UpdateItem the first time). */
  public ObjectNode viewQuotation(Actor a, String id) {
    a.require(Actor.BUYER);
    ObjectNode q = quotation(id);
    if (!a.id().equals(q.path("buyerId").asText())) {
      throw StorefrontError.forbidden("this quotation is not addressed to you");
    }
    if (!"sent".equals(q.path("status").asText())) {
      if ("draft".equals(q.path("status").asText())) {
        throw StorefrontError.notFound("no quotation " + id);
      }
      return q;
    }
    return update(QUOTATIONS, Items.key("quotationId", id), Json.object().put("status", "viewed")
        .put("viewedAt", now()), a, "#c = :old", Map.of(":old", AttributeValue.fromS("sent")),
        "quotation " + id + " changed meanwhile");
  }

  /** The buyer accepts or rejects a sent, unexpired quotation: 1 GetItem + 1 TransactWriteItems. */
  public ObjectNode answerQuotation(Actor a, String id, boolean accept) {
    a.require(Actor.BUYER);
    ObjectNode q = quotation(id);
    if (!a.id().equals(q.path("buyerId").asText()) || "draft".equals(q.path("status").asText())) {
      throw StorefrontError.forbidden("this quotation is not addressed to you");
    }
    String status = accept ? "accepted" : "rejected";
    if (!Set.of("sent", "viewed").contains(q.path("status").asText())) {
      throw StorefrontError.conflict("quotation " + id + " is " + q.path("status").asText());
    }
    return quotationStatus(a, q, status, q.path("status").asText(), q.path("sellerId").asText(),
        "Quotation " + status, "Buyer " + a.id() + " " + status + " quotation " + id);
  }

  private ObjectNode quotationStatus(Actor a, ObjectNode q, String status, String from, String notify, String title,
      String message) {
    String id = q.path("quotationId").asText();
    ObjectNode sets = Json.object().put("status", status);
    transact(List.of(
        updateItem(QUOTATIONS, Items.key("quotationId", id), sets, a, "#c = :old AND expiresAt > :now",
            Map.of("#c", "status"), Map.of(":old", AttributeValue.fromS(from), ":now", AttributeValue.fromS(now()))),
        put(NOTIFICATIONS, notification(notify, "quotation", title, message, a))),
        List.of("quotation " + id + " is not " + from + " or has expired", "exists"));
    return sets.put("quotationId", id);
  }

  private ObjectNode quotation(String id) {
    return get(QUOTATIONS, Items.key("quotationId", Input.id("quotationId", id)))
        .orElseThrow(() -> StorefrontError.notFound("no quotation " + id));
  }

  private static Map<String, AttributeValue> openStatuses() {
    return Map.of(":d", AttributeValue.fromS("draft"), ":s", AttributeValue.fromS("sent"),
        ":v", AttributeValue.fromS("viewed"));
  }

  private void quoteLines(ObjectNode in, ObjectNode target) {
    JsonNode items = Input.list(in, "items", 50);
    ArrayNode lines = Json.array();
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < items.size(); i++) {
      JsonNode it = items.get(i);
      String at = "items[" + i + "].";
      ObjectNode line = Json.object().put("description", prefixed(at, () -> Input.text(it, "description", 200, true)));
      long quantity = prefixed(at, () -> Input.count(it, "quantity", 1, 1_000_000, null));
      BigDecimal unit = prefixed(at, () -> Input.money(it, "unitPrice", true));
      line.put("quantity", quantity).put("unitPrice", unit);
      lines.add(line);
      total = total.add(unit.multiply(BigDecimal.valueOf(quantity)));
    }
    target.set("items", lines);
    target.put("total", total);
  }

  private static <T> T prefixed(String prefix, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (StorefrontError e) {
      throw e.field() == null ? e : StorefrontError.invalid(prefix + e.field(),
          e.getMessage().substring(e.field().length() + 1));
    }
  }

  /** Quotation expiry: the index item {@code pk = expiry#<minute>}, {@code sk = <expiry ms>#<quotationId>}. */
  private ObjectNode expiryItem(String quotationId, long expiresAtMs) {
    return Json.object().put("pk", "expiry#" + expiresAtMs / 60_000)
        .put("sk", String.format("%015d#%s", expiresAtMs, quotationId)).put("quotationId", quotationId)
        .put(StorefrontTables.TTL_ATTRIBUTE, expiresAtMs / 1000 + 7 * 24 * 3600);
  }

  /**
   * Expires the open quotations whose time has come ({@code quotation:expired} follows from the
   * stream). Per call: 1 GetItem (the cursor: the first minute not yet swept), 1 Query per minute
   * since, per due quotation 1 UpdateItem (conditional: still open, really due) + 1 DeleteItem, and
   * 1 PutItem when the cursor moves. Returns the ids it expired.
   */
  public List<String> expireDue() {
    long nowMs = clock.getAsLong();
    long current = nowMs / 60_000;
    Map<String, AttributeValue> cursorKey = Items.key("pk", "expiry#cursor", "sk", "cursor");
    Map<String, AttributeValue> c = dynamo.getItem(b -> b.tableName(index).key(cursorKey).consistentRead(true)).item();
    long from = c == null || c.isEmpty() ? current - 60 * 24 : Long.parseLong(c.get("minute").n());
    from = Math.max(from, current - 60 * 24 * 7); // items older than a week have their TTL
    List<String> expired = new ArrayList<>();
    String nowText = now();
    for (long minute = from; minute <= current; minute++) {
      String pk = "expiry#" + minute;
      List<Map<String, AttributeValue>> due = new ArrayList<>();
      dynamo.queryPaginator(b -> b.tableName(index).keyConditionExpression("pk = :pk AND sk <= :now")
          .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk),
              ":now", AttributeValue.fromS(String.format("%015d~", nowMs))))).items().forEach(due::add);
      for (Map<String, AttributeValue> item : due) {
        String id = item.get("quotationId").s();
        Map<String, AttributeValue> values = new HashMap<>(openStatuses());
        values.put(":expired", AttributeValue.fromS("expired"));
        values.put(":now", AttributeValue.fromS(nowText));
        try {
          dynamo.updateItem(b -> b.tableName(QUOTATIONS).key(Items.key("quotationId", id))
              .updateExpression("SET #c = :expired, updatedAt = :now REMOVE updatedBy")
              .conditionExpression("#c IN (:d, :s, :v) AND expiresAt <= :now")
              .expressionAttributeNames(Map.of("#c", "status")).expressionAttributeValues(values));
          expired.add(id);
        } catch (ConditionalCheckFailedException answeredOrExtended) {
          // accepted, rejected, or given more time: nothing expires
        }
        dynamo.deleteItem(b -> b.tableName(index).key(Items.key("pk", pk, "sk", item.get("sk").s())));
      }
    }
    if (from != current) {
      long next = current;
      dynamo.putItem(b -> b.tableName(index).item(Map.of("pk", cursorKey.get("pk"), "sk", cursorKey.get("sk"),
          "minute", AttributeValue.fromN(Long.toString(next)))));
    }
    return expired;
  }

  // ---------------------------------------------------------------- notifications and metrics

  /** {@code {userId, category, title, message}} by an admin: 1 PutItem. */
  public ObjectNode notify(Actor a, JsonNode body) {
    a.require(Actor.ADMIN);
    ObjectNode in = Input.object(body);
    ObjectNode n = notification(Input.id(in, "userId"), Input.oneOf(in, "category", CATEGORIES),
        Input.text(in, "title", 120, true), Input.text(in, "message", 1000, true), a);
    if (StorefrontTables.SYSTEM_USER.equals(n.path("userId").asText())) {
      throw StorefrontError.invalid("userId", "'system' is reserved: POST /notifications/system");
    }
    dynamo.putItem(b -> b.tableName(NOTIFICATIONS).item(Items.item(n)));
    return n;
  }

  /** {@code {title, message}} to everyone, by an admin: 1 PutItem. */
  public ObjectNode announce(Actor a, JsonNode body) {
    a.require(Actor.ADMIN);
    ObjectNode in = Input.object(body);
    ObjectNode n = notification(StorefrontTables.SYSTEM_USER, "system", Input.text(in, "title", 120, true),
        Input.text(in, "message", 1000, true), a);
    dynamo.putItem(b -> b.tableName(NOTIFICATIONS).item(Items.item(n)));
    return n;
  }

  /** Marks one of the caller's notifications read: 1 UpdateItem. */
  public ObjectNode markRead(Actor a, String notificationId) {
    return update(NOTIFICATIONS, Items.key("userId", a.id(), "notificationId", Input.id("notificationId",
        notificationId)), Json.object().put("read", true), a, "attribute_exists(notificationId)", Map.of(),
        null);
  }

  /** Deletes one of the caller's notifications: 1 DeleteItem. */
  public void deleteNotification(Actor a, String notificationId) {
    try {
      dynamo.deleteItem(b -> b.tableName(NOTIFICATIONS).key(Items.key("userId", a.id(), "notificationId",
          Input.id("notificationId", notificationId))).conditionExpression("attribute_exists(notificationId)"));
    } catch (ConditionalCheckFailedException e) {
      throw StorefrontError.notFound("no notification " + notificationId);
    }
  }

  /** The caller's latest notifications: 1 Query. */
  public List<ObjectNode> notifications(String userId, int limit) {
    List<ObjectNode> out = new ArrayList<>();
    dynamo.query(b -> b.tableName(NOTIFICATIONS).keyConditionExpression("userId = :u")
        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))).scanIndexForward(false).limit(limit))
        .items().forEach(i -> out.add(Items.json(i)));
    return out;
  }

  /** A seller's dashboard figures: 1 Query (its totals and per-product view counters). */
  public ObjectNode metrics(String sellerId) {
    ObjectNode m = Json.object().put("sellerId", sellerId).put("revenue", BigDecimal.ZERO).put("sales", 0)
        .put("orders", 0).put("views", 0);
    ArrayNode products = Json.array();
    long views = 0;
    for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(index)
        .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk",
            AttributeValue.fromS("metrics#" + sellerId)))).items()) {
      ObjectNode i = Items.json(item);
      String sk = i.path("sk").asText();
      if (sk.equals("total")) {
        for (String f : List.of("revenue", "sales", "orders")) {
          if (i.has(f)) {
            m.set(f, i.get(f));
          }
        }
      } else if (sk.startsWith("product#")) {
        products.add(Json.object().put("productId", sk.substring("product#".length()))
            .put("views", i.path("views").asLong()));
        views += i.path("views").asLong();
      }
    }
    m.put("views", views);
    m.set("products", products);
    return m;
  }

  // ---------------------------------------------------------------- helpers

  private record Priced(String sellerId, ArrayNode lines, BigDecimal total) {}

  /** Prices order lines from the products (1 BatchGetItem): one seller, active, in stock; an invitation's discount. */
  private Priced price(JsonNode items, ObjectNode invitation) {
    Map<String, Long> wanted = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode it = items.get(i);
      String at = "items[" + i + "].";
      String productId = prefixed(at, () -> Input.id(it, "productId"));
      long quantity = prefixed(at, () -> Input.count(it, "quantity", 1, 1000, null));
      if (wanted.put(productId, quantity) != null) {
        throw StorefrontError.invalid(at + "productId", "appears twice");
      }
    }
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    wanted.keySet().forEach(id -> keys.add(Items.key("productId", id)));
    Map<String, ObjectNode> found = new HashMap<>();
    Map<String, KeysAndAttributes> request = Map.of(PRODUCTS, KeysAndAttributes.builder().keys(keys).build());
    while (!request.isEmpty()) {
      Map<String, KeysAndAttributes> ask = request;
      var answer = dynamo.batchGetItem(b -> b.requestItems(ask));
      answer.responses().getOrDefault(PRODUCTS, List.of()).forEach(i -> {
        ObjectNode p = Items.json(i);
        found.put(p.path("productId").asText(), p);
      });
      request = answer.unprocessedKeys() == null ? Map.of() : answer.unprocessedKeys();
    }
    Set<String> sellers = new LinkedHashSet<>();
    ArrayNode lines = Json.array();
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal factor = invitation == null ? BigDecimal.ONE : BigDecimal.ONE.subtract(
        BigDecimal.valueOf(invitation.path("discountPercent").asLong()).movePointLeft(2));
    for (Map.Entry<String, Long> w : wanted.entrySet()) {
      ObjectNode p = found.get(w.getKey());
      if (p == null) {
        throw StorefrontError.notFound("no product " + w.getKey());
      }
      if (!"active".equals(p.path("status").asText()) || p.path("stock").asLong() < w.getValue()) {
        throw StorefrontError.conflict("not enough stock of product " + w.getKey());
      }
      sellers.add(p.path("sellerId").asText());
      BigDecimal unit = p.path("price").decimalValue().multiply(factor).setScale(2, RoundingMode.HALF_UP);
      lines.add(Json.object().put("productId", w.getKey()).put("name", p.path("name").asText())
          .put("quantity", w.getValue()).put("price", unit));
      total = total.add(unit.multiply(BigDecimal.valueOf(w.getValue())));
    }
    if (sellers.size() != 1) {
      throw StorefrontError.invalid("items", "must all be products of one seller");
    }
    String seller = sellers.iterator().next();
    if (invitation != null && !seller.equals(invitation.path("sellerId").asText())) {
      throw StorefrontError.invalid("items", "must be products of the inviting seller");
    }
    return new Priced(seller, lines, total);
  }

  private ObjectNode notification(String userId, String category, String title, String message, Actor a) {
    long t = clock.getAsLong();
    ObjectNode n = Json.object().put("userId", userId)
        .put("notificationId", String.format("n%013d%s", t, HexFormat.of().formatHex(bytes(4))))
        .put("category", category).put("title", title).put("message", message).put("read", false)
        .put("createdAt", Envelope.iso(t));
    stamp(n, a);
    return n;
  }

  private TransactWriteItem addMetrics(String sellerId, Map<String, BigDecimal> adds) {
    StringBuilder expr = new StringBuilder("ADD ");
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    int i = 0;
    for (Map.Entry<String, BigDecimal> e : adds.entrySet()) {
      expr.append(i == 0 ? "" : ", ").append("#m").append(i).append(" :m").append(i);
      names.put("#m" + i, e.getKey());
      values.put(":m" + i, AttributeValue.fromN(e.getValue().toPlainString()));
      i++;
    }
    return TransactWriteItem.builder().update(u -> u.tableName(index)
        .key(Items.key("pk", "metrics#" + sellerId, "sk", "total")).updateExpression(expr.toString())
        .expressionAttributeNames(names).expressionAttributeValues(values)).build();
  }

  private Optional<ObjectNode> get(String table, Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.json(item));
  }

  private static TransactWriteItem put(String table, ObjectNode item) {
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(Items.item(item))).build();
  }

  /** SET each field of {@code sets} plus {@code updatedAt}/{@code updatedBy}, under a condition. */
  private TransactWriteItem updateItem(String table, Map<String, AttributeValue> key, ObjectNode sets, Actor a,
      String condition, Map<String, String> names, Map<String, AttributeValue> values) {
    Expression e = expression(sets, a, names, values);
    return TransactWriteItem.builder().update(u -> u.tableName(table).key(key).updateExpression(e.update)
        .conditionExpression(condition).expressionAttributeNames(e.names).expressionAttributeValues(e.values)).build();
  }

  /** One conditional UpdateItem returning the new item; a failed condition is 409 with {@code conflict} (404 when null). */
  private ObjectNode update(String table, Map<String, AttributeValue> key, ObjectNode sets, Actor a, String condition,
      Map<String, AttributeValue> values, String conflict) {
    Map<String, String> names = condition.contains("#c") ? Map.of("#c", "status") : Map.of();
    Expression e = expression(sets, a, names, values);
    try {
      return Items.json(dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression(e.update)
          .conditionExpression(condition).expressionAttributeNames(e.names).expressionAttributeValues(e.values)
          .returnValues(ReturnValue.ALL_NEW)).attributes());
    } catch (ConditionalCheckFailedException failed) {
      throw conflict == null ? StorefrontError.notFound("not found") : StorefrontError.conflict(conflict);
    }
  }

  /** An update's expression, and the attributes it sets ({@code applied}, stamp included). */
  private record Expression(String update, Map<String, String> names, Map<String, AttributeValue> values,
      ObjectNode applied) {}

  private Expression expression(ObjectNode sets, Actor a, Map<String, String> names0,
      Map<String, AttributeValue> values0) {
    ObjectNode all = sets.deepCopy();
    stamp(all, a);
    Map<String, String> names = new HashMap<>(names0);
    Map<String, AttributeValue> values = new HashMap<>(values0);
    StringBuilder update = new StringBuilder("SET ");
    int i = 0;
    for (var it = all.fields(); it.hasNext(); i++) {
      var f = it.next();
      update.append(i == 0 ? "" : ", ").append("#f").append(i).append(" = :f").append(i);
      names.put("#f" + i, f.getKey());
      values.put(":f" + i, Items.value(f.getValue()));
    }
    return new Expression(update.toString(), names, values, all);
  }

  private void transact(List<TransactWriteItem> writes, List<String> reasons) {
    try {
      dynamo.transactWriteItems(b -> b.transactItems(writes));
    } catch (TransactionCanceledException e) {
      List<CancellationReason> why = e.cancellationReasons();
      for (int i = 0; why != null && i < why.size(); i++) {
        if ("ConditionalCheckFailed".equals(why.get(i).code())) {
          throw StorefrontError.conflict(i < reasons.size() ? reasons.get(i) : "a condition failed");
        }
      }
      throw e;
    }
  }

  private void stamp(ObjectNode item, Actor a) {
    item.put("updatedAt", now()).put("updatedBy", a.id());
  }

  private String now() {
    return Envelope.iso(clock.getAsLong());
  }

  private String newId(String prefix) {
    return prefix + "_" + HexFormat.of().formatHex(bytes(8));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
