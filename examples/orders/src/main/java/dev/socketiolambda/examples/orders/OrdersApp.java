package dev.socketiolambda.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.AuthUnavailableException;
import dev.socketiolambda.functions.auth.InvalidTokenException;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.SocketAuth;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.limits.Decision;
import dev.socketiolambda.functions.limits.DynamoDbRateLimiter;
import dev.socketiolambda.functions.limits.Limit;
import dev.socketiolambda.functions.limits.RateKey;
import dev.socketiolambda.functions.limits.RateLimiter;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The socket side of seed 001 in the default namespace (see {@code examples/orders/README.md}).
 * Identity and roles come from the verified token, never from the client: {@code register} joins
 * {@code user:<sub>} and {@code role:<role>} only when its {@code userId} and {@code role} agree
 * with the token. Server-to-client events come from domain writes (stream rules), except
 * {@code delivery:location:update}, {@code registered} and {@code pong}, emitted here.
 *
 * <p>Every client event answers its ack with {@code {success: true, ...}} or
 * {@code {success: false, message, code}}; without an ack an error comes as the seed's
 * {@code error} event {@code {message, code, event}}.
 */
public final class OrdersApp implements SocketIoApp {
  static final List<String> ROLES = List.of("admin", "customer", "delivery");

  private final OrdersConfig config;
  private final OrdersStore store;
  private final OrdersMetrics metrics;
  private final SocketAuth auth;
  private final TokenVerifier verifier;
  private final RateLimiter limiter;
  private final LongSupplier clock;

  public OrdersApp(OrdersConfig config, DynamoDbClient dynamo, LongSupplier clock) {
    this.config = config;
    this.store = new OrdersStore(dynamo, config.table(), clock);
    this.metrics = new OrdersMetrics(dynamo, config.metricsTable());
    this.verifier = TokenVerifier.of(config.auth(), clock);
    this.auth = new SocketAuth(verifier, clock, SocketAuth.OnExpiry.DISCONNECT, List.of("name"));
    this.limiter = new DynamoDbRateLimiter(dynamo, config.limitsTable(), clock);
    this.clock = clock;
  }

  @Override
  public void configure(SocketIoServer io) {
    Namespace ns = io.of("/");
    ns.use(this::authenticate);
    ns.useRequest((socket, event, ack) -> {
      auth.checkNotExpired(socket, ack);
      if (!"delivery:location".equals(event)) { // locations have their own throttle, checked once they are valid
        limit(socket, "events", config.eventRate());
      }
    });
    ns.onRequestError((socket, event, error, acked) -> {
      OrdersError e = error instanceof OrdersError o ? o
          : error instanceof EventError ee && ee.data() != null && ee.data().hasNonNull("code")
              ? new OrdersError(ee.data().get("code").asText(), ee.getMessage()) // TOKEN_EXPIRED of the shared auth
              : new OrdersError(OrdersError.INTERNAL, "the server could not handle " + event + "; try again");
      if (OrdersError.INTERNAL.equals(e.code())) {
        System.err.println("orders: " + event + " failed: " + error);
      }
      if (!acked) {
        socket.emit("error", e.toJson().put("event", event));
        return null;
      }
      return Json.object().put("success", false).setAll(e.toJson());
    });

    ns.onRequest("register", SocketInput::registration, (socket, in) -> register(socket, in));
    ns.onRequest("join:order", args -> SocketInput.id(args, "orderId"), (socket, orderId) -> {
      ObjectNode order = store.order(orderId).orElseThrow(() -> OrdersError.notFound("no order " + orderId));
      Principal me = principal(socket);
      boolean allowed = me.hasRole("admin") || me.userId().equals(order.path("customerId").asText())
          || me.userId().equals(order.path("deliveryBoyId").asText(null));
      if (!allowed) {
        throw OrdersError.forbidden("only the order's customer, its delivery agent and admins may track order "
            + orderId);
      }
      socket.join(orderRoom(orderId));
      return ok().put("orderId", orderId).put("status", order.path("status").asText());
    });
    ns.onRequest("leave:order", args -> SocketInput.id(args, "orderId"), (socket, orderId) -> {
      socket.leave(orderRoom(orderId));
      return ok().put("orderId", orderId);
    });
    ns.onRequest("join:delivery", args -> SocketInput.id(args, "deliveryId"), (socket, deliveryId) -> {
      Principal me = principal(socket);
      if (!me.hasRole("admin") && !(me.hasRole("delivery") && me.userId().equals(deliveryId))) {
        throw OrdersError.forbidden("only admins and the agent " + deliveryId + " may track this delivery agent");
      }
      socket.join(deliveryRoom(deliveryId));
      return ok().put("deliveryId", deliveryId);
    });
    ns.onRequest("delivery:location", SocketInput::location, this::location);
    ns.onRequest("ping", args -> args, (socket, args) -> {
      ObjectNode pong = Json.object().put("timestamp", Instant.ofEpochMilli(clock.getAsLong()).toString());
      socket.emit("pong", pong);
      return ok().put("timestamp", pong.get("timestamp").asText());
    });
  }

  // ---- connection

  /**
   * Verifies the token at CONNECT. The seed's client sends {@code auth: {token: "Bearer <jwt>"}}: the
   * prefix is accepted there; a bare token, the {@code token} query parameter and the header work as everywhere.
   */
  private void authenticate(Socket socket) throws ConnectError {
    JsonNode token = socket.handshake().auth() == null ? null : socket.handshake().auth().get("token");
    if (token == null || !token.isTextual() || !token.textValue().regionMatches(true, 0, "Bearer ", 0, 7)) {
      auth.authenticate(socket);
      return;
    }
    try {
      Principal principal = verifier.verify(token.textValue().substring(7).trim());
      socket.data().set(SocketAuth.DATA_FIELD, principal.toData(List.of("name")));
    } catch (InvalidTokenException e) {
      throw new ConnectError("unauthorized", Json.object().put("code", "UNAUTHORIZED").put("message", e.getMessage()));
    } catch (AuthUnavailableException e) {
      throw new ConnectError("auth unavailable", Json.object().put("code", "AUTH_UNAVAILABLE")
          .put("message", e.getMessage()));
    }
  }

  private ObjectNode register(Socket socket, SocketInput.Registration in) {
    Principal me = principal(socket);
    if (in.userId() != null && !in.userId().equals(me.userId())) {
      throw OrdersError.forbidden("userId does not match your token");
    }
    String role = in.role();
    if (role == null) {
      List<String> mine = ROLES.stream().filter(me::hasRole).toList();
      if (mine.size() != 1) {
        throw OrdersError.validation("role is required (your token has " + mine + ")");
      }
      role = mine.get(0);
    }
    if (!ROLES.contains(role)) {
      throw OrdersError.validation("role must be one of " + String.join(", ", ROLES));
    }
    if (!me.hasRole(role)) {
      throw OrdersError.forbidden("your token does not have the role " + role);
    }
    socket.join(userRoom(me.userId()), roleRoom(role));
    ObjectNode registered = Json.object().put("success", true).put("userId", me.userId()).put("role", role)
        .put("socketId", socket.id());
    socket.emit("registered", registered);
    return registered.deepCopy();
  }

  // ---- live tracking: the hot path (no table write but the rate-limit counter and the metric)

  private ObjectNode location(Socket socket, SocketInput.Location in) {
    Principal me = principal(socket);
    if (!me.hasRole("delivery")) {
      throw OrdersError.forbidden("only delivery agents send locations");
    }
    limit(socket, "location", config.locationRate());
    ObjectNode order = store.order(in.orderId()).orElseThrow(() -> OrdersError.notFound("no order " + in.orderId()));
    if (!me.userId().equals(order.path("deliveryBoyId").asText(null))) {
      throw OrdersError.forbidden("order " + in.orderId() + " is not assigned to you");
    }
    OrderStatus status = OrderStatus.of(order.path("status").asText()).orElseThrow();
    if (status.finished()) {
      throw OrdersError.forbidden("order " + in.orderId() + " is " + status.wire() + ": tracking has ended");
    }
    ObjectNode location = Json.object().put("lat", in.latitude()).put("lng", in.longitude())
        .put("latitude", in.latitude()).put("longitude", in.longitude());
    ObjectNode update = Json.object().put("orderId", in.orderId());
    update.set("location", location);
    if (in.speed() != null) {
      update.put("speed", in.speed());
    }
    if (in.heading() != null) {
      update.put("heading", in.heading());
    }
    update.put("deliveryBoyId", me.userId()).put("timestamp", Instant.ofEpochMilli(clock.getAsLong()).toString());
    socket.nsp().to(orderRoom(in.orderId()), userRoom(order.path("customerId").asText()), deliveryRoom(me.userId()))
        .except(userRoom(me.userId())).volatileEmit().emit("delivery:location:update", update);
    metrics.count(List.of("delivery:location:update"));
    return ok().put("orderId", in.orderId());
  }

  // ---- helpers

  /**
   * Counts one action of the socket's user: every event but locations against the seed's limit (100 per
   * 15 min), a valid location of an agent against the location throttle (at most one every few seconds).
   */
  private void limit(Socket socket, String counter, Limit limit) {
    Decision d = limiter.tryAcquire(counter, limit, RateKey.user(principal(socket).userId()));
    if (!d.allowed()) {
      throw OrdersError.rateLimited(d);
    }
  }

  private static Principal principal(Socket socket) {
    Principal p = SocketAuth.principal(socket);
    if (p == null) {
      throw OrdersError.forbidden("not authenticated");
    }
    return p;
  }

  private static ObjectNode ok() {
    return Json.object().put("success", true);
  }

  static String userRoom(String userId) {
    return "user:" + userId;
  }

  static String roleRoom(String role) {
    return "role:" + role;
  }

  static String orderRoom(String orderId) {
    return "order:" + orderId;
  }

  static String deliveryRoom(String agentId) {
    return "delivery:" + agentId;
  }
}
