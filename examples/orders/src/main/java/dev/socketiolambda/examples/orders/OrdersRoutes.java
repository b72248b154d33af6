package dev.socketiolambda.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.http.Authenticator;
import dev.socketiolambda.functions.http.Cors;
import dev.socketiolambda.functions.http.HttpError;
import dev.socketiolambda.functions.http.HttpRequest;
import dev.socketiolambda.functions.http.HttpResponse;
import dev.socketiolambda.functions.http.RouteContext;
import dev.socketiolambda.functions.http.Router;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.protocol.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The REST side of seed 001: the controllers' routes that emit. Each route writes the domain table
 * ({@link OrdersStore}); the stream rules turn the write into the seed's event. Answers are the
 * seed's {@code sendResponse} shape {@code {success: true, message, data}}; errors the runtime's
 * {@code {error: {code, message, field?}}} with 400/401/403/404/409.
 */
public final class OrdersRoutes {
  static final String BUSINESS_NAME = "Pizza Palace";
  static final int MAX_LINES = 50;
  static final int MAX_QUANTITY = 99;
  static final List<String> PAYMENT_METHODS = List.of("cash", "card", "upi", "wallet");
  static final List<String> NOTIFICATION_TYPES = List.of("info", "order", "offer", "payment", "delivery", "system");
  private static final Pattern OFFER_CODE = Pattern.compile("[A-Z0-9]{3,20}");

  /** What the routes use: the domain table, the metrics, the clock and when this instance started. */
  public record Deps(OrdersStore store, OrdersMetrics metrics, LongSupplier clock, long startedAt) {}

  private OrdersRoutes() {}

  public static Router<Deps> router(TokenVerifier verifier) {
    return Router.<Deps>builder()
        .cors(Cors.anyOrigin())
        .authenticator(Authenticator.bearer(verifier))
        .get("/api/v1/menu", (req, ctx) -> done("Menu", menu()))
        .get("/api/v1/business/status", (req, ctx) -> done("Business status",
            ctx.app().store().business().orElseThrow(() -> HttpError.notFound("no business yet"))))
        .patch("/api/v1/business/status", OrdersRoutes::toggleBusiness)
        .post("/api/v1/orders", OrdersRoutes::placeOrder)
        .get("/api/v1/orders/{orderId}", (req, ctx) -> done("Order", visibleOrder(req, ctx)))
        .patch("/api/v1/orders/{orderId}/status", OrdersRoutes::changeStatus)
        .patch("/api/v1/orders/{orderId}/cancel", OrdersRoutes::cancel)
        .patch("/api/v1/orders/{orderId}/assign", OrdersRoutes::assign)
        .patch("/api/v1/delivery/status", OrdersRoutes::agentStatus)
        .post("/api/v1/payments", OrdersRoutes::pay)
        .post("/api/v1/notifications", OrdersRoutes::notify)
        .post("/api/v1/offers", OrdersRoutes::offer)
        .get("/api/v1/socket/status", OrdersRoutes::socketStatus)
        .get("/api/v1/metrics/socket", OrdersRoutes::socketMetrics)
        .build();
  }

  // ---- business

  private static HttpResponse toggleBusiness(HttpRequest req, RouteContext<Deps> ctx) {
    requireRole(req, "admin");
    JsonNode isOpen = req.json().get("isOpen");
    if (isOpen == null || !isOpen.isBoolean()) {
      throw HttpError.invalid("isOpen", "must be true or false");
    }
    OrdersStore store = ctx.app().store();
    boolean before = store.business().map(b -> b.path("isOpen").asBoolean()).orElse(!isOpen.booleanValue());
    ObjectNode business = store.setBusinessOpen(isOpen.booleanValue(), BUSINESS_NAME);
    if (before != isOpen.booleanValue()) {
      ctx.app().metrics().count(List.of("business:status:update"));
    }
    return done("Business updated", business);
  }

  // ---- orders

  private static HttpResponse placeOrder(HttpRequest req, RouteContext<Deps> ctx) {
    Principal customer = requireRole(req, "customer");
    JsonNode body = req.json();
    List<OrdersStore.Line> lines = lines(body.get("items"));
    String address = HttpRequest.requireText(body, "deliveryAddress", 300).strip();
    OrdersStore store = ctx.app().store();
    boolean open = store.business().map(b -> b.path("isOpen").asBoolean()).orElse(false);
    if (!open) {
      throw HttpError.conflict(BUSINESS_NAME + " is closed and not accepting orders");
    }
    String orderId = "ord-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String orderNumber = "ORD-" + orderId.substring(4, 12).toUpperCase(java.util.Locale.ROOT);
    String name = customer.claim("name") != null ? customer.claim("name") : customer.userId();
    ObjectNode order = store.placeOrder(orderId, orderNumber, customer.userId(), name, lines, address);
    ctx.app().metrics().count(List.of("order:new"));
    return HttpResponse.created(Json.object().put("success", true).put("message", "Order placed")
        .set("data", order));
  }

  private static List<OrdersStore.Line> lines(JsonNode items) {
    if (items == null || !items.isArray() || items.isEmpty()) {
      throw HttpError.invalid("items", "must be a non-empty array of {product, quantity}");
    }
    if (items.size() > MAX_LINES) {
      throw HttpError.invalid("items", "at most " + MAX_LINES + " lines");
    }
    Map<String, Integer> quantities = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode line = items.get(i);
      String field = "items[" + i + "]";
      JsonNode product = line.get("product");
      if (product == null || !product.isTextual() || Menu.product(product.textValue()).isEmpty()) {
        throw HttpError.invalid(field + ".product", "must be one of " + String.join(", ", Menu.all().keySet()));
      }
      JsonNode q = line.get("quantity");
      if (q == null || !q.isIntegralNumber() || q.asLong() < 1 || q.asLong() > MAX_QUANTITY) {
        throw HttpError.invalid(field + ".quantity", "must be an integer from 1 to " + MAX_QUANTITY);
      }
      quantities.merge(product.textValue(), q.asInt(), Integer::sum);
    }
    List<OrdersStore.Line> out = new ArrayList<>();
    quantities.forEach((p, q) -> {
      if (q > MAX_QUANTITY) {
        throw HttpError.invalid("items", "at most " + MAX_QUANTITY + " of " + p);
      }
      out.add(new OrdersStore.Line(Menu.product(p).orElseThrow(), q));
    });
    return out;
  }

  /** The order for its customer, its agent and admins; 404 for anyone else (ids do not leak). */
  private static ObjectNode visibleOrder(HttpRequest req, RouteContext<Deps> ctx) {
    Principal me = req.requirePrincipal();
    String orderId = orderId(req);
    ObjectNode order = ctx.app().store().order(orderId).orElseThrow(() -> HttpError.notFound("no order " + orderId));
    boolean mine = me.userId().equals(order.path("customerId").asText())
        || me.userId().equals(order.path("deliveryBoyId").asText(null));
    if (!mine && !me.hasRole("admin")) {
      throw HttpError.notFound("no order " + orderId);
    }
    return order;
  }

  private static HttpResponse changeStatus(HttpRequest req, RouteContext<Deps> ctx) {
    Principal me = requireRole(req, "admin", "delivery");
    JsonNode status = req.json().get("status");
    OrderStatus to = status != null && status.isTextual() && OrderStatus.settable().contains(status.textValue())
        ? OrderStatus.of(status.textValue()).orElseThrow() : null;
    if (to == null) {
      throw HttpError.invalid("status", "must be one of " + String.join(", ", OrderStatus.settable())
          + " (cancel with PATCH /api/v1/orders/{orderId}/cancel)");
    }
    ObjectNode order = visibleOrder(req, ctx);
    if (!me.hasRole("admin")) {
      if (!me.userId().equals(order.path("deliveryBoyId").asText(null))) {
        throw HttpError.forbidden("only admins and the order's delivery agent change its status");
      }
      if (!to.settableByAgent()) {
        throw HttpError.forbidden("a delivery agent sets only out_for_delivery and delivered");
      }
    }
    OrderStatus from = OrderStatus.of(order.path("status").asText()).orElseThrow();
    if (!from.canMoveTo(to)) {
      throw HttpError.conflict("order " + orderId(req) + " is " + from.wire() + " and cannot become " + to.wire());
    }
    move(ctx, order, from, to, null);
    return done("Order status updated", ctx.app().store().order(orderId(req)).orElseThrow());
  }

  private static HttpResponse cancel(HttpRequest req, RouteContext<Deps> ctx) {
    Principal me = requireRole(req, "admin", "customer");
    JsonNode body = req.bodyLength() == 0 ? Json.object() : req.json();
    JsonNode r = body.get("reason");
    if (r != null && !r.isNull() && (!r.isTextual() || r.textValue().length() > 300)) {
      throw HttpError.invalid("reason", "must be a string of at most 300 characters");
    }
    String reason = r == null || r.isNull() || r.textValue().isBlank() ? "Cancelled by "
        + (me.hasRole("admin") ? "the restaurant" : "the customer") : r.textValue().strip();
    ObjectNode order = visibleOrder(req, ctx);
    OrderStatus from = OrderStatus.of(order.path("status").asText()).orElseThrow();
    boolean admin = me.hasRole("admin");
    if (!admin && !me.userId().equals(order.path("customerId").asText())) {
      throw HttpError.forbidden("only the order's customer and admins cancel it");
    }
    if (!from.canMoveTo(OrderStatus.CANCELLED) || (!admin && !from.customerMayCancel())) {
      throw HttpError.conflict("order " + orderId(req) + " is " + from.wire() + " and can no longer be cancelled"
          + (admin ? "" : " by the customer"));
    }
    move(ctx, order, from, OrderStatus.CANCELLED, reason);
    return done("Order cancelled", ctx.app().store().order(orderId(req)).orElseThrow());
  }

  private static void move(RouteContext<Deps> ctx, ObjectNode order, OrderStatus from, OrderStatus to, String reason) {
    orConflict(() -> { ctx.app().store().changeStatus(order, from, to, reason); return null; });
    List<String> events = new ArrayList<>(List.of("order:status:update", "order:status:changed"));
    if (to == OrderStatus.CANCELLED) {
      events.add("order:cancelled");
    }
    if (to.finished() && order.hasNonNull("deliveryBoyId")) {
      events.add("delivery:status:update");
    }
    ctx.app().metrics().count(events);
  }

  private static HttpResponse assign(HttpRequest req, RouteContext<Deps> ctx) {
    requireRole(req, "admin");
    JsonNode body = req.json();
    String agentId = HttpRequest.requireText(body, "deliveryBoyId", 64);
    if (!SocketInput.ID.matcher(agentId).matches()) {
      throw HttpError.invalid("deliveryBoyId", "must be 1-64 letters, digits, '-', '_' or '.'");
    }
    ObjectNode order = visibleOrder(req, ctx);
    OrderStatus status = OrderStatus.of(order.path("status").asText()).orElseThrow();
    if (status.finished()) {
      throw HttpError.conflict("order " + orderId(req) + " is " + status.wire());
    }
    if (order.hasNonNull("deliveryBoyId")) {
      throw HttpError.conflict("order " + orderId(req) + " is already assigned to " + order.get("deliveryBoyId").asText());
    }
    ObjectNode agent = ctx.app().store().agent(agentId)
        .orElseThrow(() -> HttpError.notFound("no delivery agent " + agentId));
    if (!"available".equals(agent.path("status").asText())) {
      throw HttpError.conflict("delivery agent " + agentId + " is " + agent.path("status").asText());
    }
    orConflict(() -> { ctx.app().store().assign(orderId(req), status.wire(), agentId); return null; });
    ctx.app().metrics().count(List.of("order:assigned", "delivery:status:update"));
    return done("Delivery agent assigned", ctx.app().store().order(orderId(req)).orElseThrow());
  }

  // ---- delivery agents

  private static HttpResponse agentStatus(HttpRequest req, RouteContext<Deps> ctx) {
    Principal me = requireRole(req, "delivery");
    JsonNode status = req.json().get("status");
    if (status == null || !status.isTextual() || !List.of("available", "offline").contains(status.textValue())) {
      throw HttpError.invalid("status", "must be available or offline (busy comes with an assignment)");
    }
    OrdersStore store = ctx.app().store();
    String before = store.agent(me.userId()).map(a -> a.path("status").asText()).orElse(null);
    String name = me.claim("name") != null ? me.claim("name") : me.userId();
    ObjectNode agent = orConflict(() -> store.setAgentStatus(me.userId(), name, status.textValue()));
    if (!status.textValue().equals(before)) {
      ctx.app().metrics().count(List.of("delivery:status:update"));
    }
    return done("Delivery status updated", agent);
  }

  // ---- payments, notifications, offers

  private static HttpResponse pay(HttpRequest req, RouteContext<Deps> ctx) {
    Principal me = requireRole(req, "admin", "customer");
    JsonNode body = req.json();
    String orderId = HttpRequest.requireText(body, "orderId", 64);
    String method = HttpRequest.requireText(body, "paymentMethod", 20);
    if (!PAYMENT_METHODS.contains(method)) {
      throw HttpError.invalid("paymentMethod", "must be one of " + String.join(", ", PAYMENT_METHODS));
    }
    ObjectNode order = ctx.app().store().order(orderId).orElseThrow(() -> HttpError.notFound("no order " + orderId));
    if (!me.hasRole("admin") && !me.userId().equals(order.path("customerId").asText())) {
      throw HttpError.notFound("no order " + orderId);
    }
    JsonNode amount = body.get("amount");
    if (amount != null && !amount.isNull()
        && (!amount.isNumber() || amount.decimalValue().compareTo(order.path("totalAmount").decimalValue()) != 0)) {
      throw HttpError.invalid("amount", "must be the order's total " + order.path("totalAmount").decimalValue()
          .toPlainString() + " (or left out)");
    }
    if ("cancelled".equals(order.path("status").asText())) {
      throw HttpError.conflict("order " + orderId + " was cancelled");
    }
    ObjectNode payment = orConflict(() -> ctx.app().store().recordPayment(order, method));
    ctx.app().metrics().count(List.of("payment:received"));
    return HttpResponse.created(Json.object().put("success", true).put("message", "Payment recorded")
        .set("data", payment));
  }

  private static HttpResponse notify(HttpRequest req, RouteContext<Deps> ctx) {
    requireRole(req, "admin");
    JsonNode body = req.json();
    String userId = HttpRequest.requireText(body, "userId", 64);
    if (!SocketInput.ID.matcher(userId).matches()) {
      throw HttpError.invalid("userId", "must be 1-64 letters, digits, '-', '_' or '.'");
    }
    String title = HttpRequest.requireText(body, "title", 120).strip();
    String message = HttpRequest.requireText(body, "message", 1000).strip();
    String type = body.hasNonNull("type") ? HttpRequest.requireText(body, "type", 20) : "info";
    if (!NOTIFICATION_TYPES.contains(type)) {
      throw HttpError.invalid("type", "must be one of " + String.join(", ", NOTIFICATION_TYPES));
    }
    ObjectNode n = ctx.app().store().createNotification(UUID.randomUUID().toString(), userId, title, message, type);
    ctx.app().metrics().count(List.of("notification:new"));
    return HttpResponse.created(Json.object().put("success", true).put("message", "Notification created")
        .set("data", n));
  }

  private static HttpResponse offer(HttpRequest req, RouteContext<Deps> ctx) {
    requireRole(req, "admin");
    JsonNode body = req.json();
    String code = HttpRequest.requireText(body, "code", 20);
    if (!OFFER_CODE.matcher(code).matches()) {
      throw HttpError.invalid("code", "must be 3-20 upper-case letters or digits");
    }
    String description = HttpRequest.requireText(body, "description", 300).strip();
    JsonNode v = body.get("discountValue");
    if (v == null || !v.isNumber() || v.decimalValue().signum() <= 0
        || v.decimalValue().compareTo(BigDecimal.valueOf(10_000)) > 0 || v.decimalValue().scale() > 2) {
      throw HttpError.invalid("discountValue", "must be a number above 0 and at most 10000, with at most 2 decimals");
    }
    ObjectNode offer = orConflict(() -> ctx.app().store().createOffer(code, description, v.decimalValue()));
    ctx.app().metrics().count(List.of("offer:new"));
    return HttpResponse.created(Json.object().put("success", true).put("message", "Offer created")
        .set("data", offer));
  }

  // ---- monitoring (the seed's Monitoring section)

  /** Registered users (the sockets in a role room) and every connection of the namespace. */
  private static HttpResponse socketStatus(HttpRequest req, RouteContext<Deps> ctx) {
    requireRole(req, "admin");
    ArrayNode users = Json.array();
    for (Socket s : ctx.emitter().in(OrdersApp.ROLES.stream().map(OrdersApp::roleRoom).toArray(String[]::new))
        .fetchSockets()) {
      ArrayNode roles = Json.array();
      OrdersApp.ROLES.stream().filter(r -> s.rooms().contains(OrdersApp.roleRoom(r))).forEach(roles::add);
      ObjectNode u = Json.object().put("userId", s.data().path("auth").path("userId").asText()).put("socketId", s.id());
      u.set("roles", roles);
      users.add(u);
    }
    return HttpResponse.ok(Json.object().<ObjectNode>set("connectedUsers", users)
        .put("totalConnections", ctx.emitter().countSockets()));
  }

  private static HttpResponse socketMetrics(HttpRequest req, RouteContext<Deps> ctx) {
    requireRole(req, "admin");
    long uptimeMs = ctx.app().clock().getAsLong() - ctx.app().startedAt();
    return HttpResponse.ok(Json.object().put("connectedUsers", ctx.emitter().countSockets())
        .<ObjectNode>set("eventMetrics", ctx.app().metrics().snapshot()).put("uptime", uptimeMs / 1000.0));
  }

  // ---- helpers

  private static ObjectNode menu() {
    ArrayNode products = Json.array();
    Menu.all().values().forEach(p -> products.add(Json.object().put("product", p.id()).put("name", p.name())
        .put("price", p.price())));
    return Json.object().set("products", products);
  }

  /** The principal when it has one of the roles: 401 without a token, 403 with another role. */
  static Principal requireRole(HttpRequest req, String... roles) {
    Principal p = req.requirePrincipal();
    if (Arrays.stream(roles).noneMatch(p::hasRole)) {
      throw HttpError.forbidden("this route is for " + String.join(" or ", roles));
    }
    return p;
  }

  private static String orderId(HttpRequest req) {
    String id = req.pathParameter("orderId");
    if (!SocketInput.ID.matcher(id).matches()) {
      throw HttpError.invalid("orderId", "must be 1-64 letters, digits, '-', '_' or '.'");
    }
    return id;
  }

  /** A store write whose condition failed answers 409 with the store's reason. */
  private static <T> T orConflict(java.util.function.Supplier<T> write) {
    try {
      return write.get();
    } catch (OrdersStore.Conflict e) {
      throw HttpError.conflict(e.getMessage());
    }
  }

  private static HttpResponse done(String message, JsonNode data) {
    return HttpResponse.ok(Json.object().put("success", true).put("message", message).set("data", data));
  }
}
