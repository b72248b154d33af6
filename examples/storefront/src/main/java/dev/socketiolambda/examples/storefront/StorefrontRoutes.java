package dev.socketiolambda.examples.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.http.Authenticator;
import dev.socketiolambda.functions.http.Cors;
import dev.socketiolambda.functions.http.HttpError;
import dev.socketiolambda.functions.http.HttpRequest;
import dev.socketiolambda.functions.http.HttpResponse;
import dev.socketiolambda.functions.http.Route;
import dev.socketiolambda.functions.http.RouteContext;
import dev.socketiolambda.functions.http.Router;
import dev.socketiolambda.functions.stream.StreamBroadcast;
import dev.socketiolambda.functions.stream.StreamRecord;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;

/**
 * The storefront's HTTP routes: the writes behind the seed's events (its REST controllers), each
 * authenticated with {@code Authorization: Bearer} (the shared auth settings) and authorized by the
 * token's roles in {@link StorefrontStore}. A route writes its table; the table's stream makes the
 * events. The cart routes also move the buyer's sockets in or out of {@code cart:<productId>}.
 * Errors: {@code {"error":{"code","message"[,"field"]}}} with 400, 401, 403, 404 or 409.
 */
public final class StorefrontRoutes {
  private StorefrontRoutes() {}

  public static Router<StorefrontStore> router(TokenVerifier verifier, Cors cors) {
    return Router.<StorefrontStore>builder()
        .cors(cors)
        .authenticator(Authenticator.bearer(verifier))
        // products and stock
        .get("/products/{id}", wrap((req, s, a) -> s.product(req.pathParameter("id"))
            .orElseThrow(() -> StorefrontError.notFound("no product " + req.pathParameter("id")))))
        .post("/products", created((req, s, a) -> s.createProduct(a, req.json())))
        .patch("/products/{id}", productChange(HttpRequest::json))
        .put("/products/{id}/stock", productChange(req -> only(req.json(), "stock")))
        .put("/products/{id}/price", productChange(req -> only(req.json(), "price")))
        .delete("/products/{id}", wrap((req, s, a) -> s.deleteProduct(a, req.pathParameter("id"))))
        // cart
        .get("/cart", wrap((req, s, a) -> array(s.cart(a.require(Actor.BUYER).id()))))
        .put("/cart/items/{productId}", (req, ctx) -> answer(200, () -> {
          Actor a = actor(req);
          ObjectNode item = ctx.app().putCartItem(a, req.pathParameter("productId"), req.json());
          ctx.emitter().in(Rooms.user(a.id())).socketsJoin(Rooms.cart(item.path("productId").asText()));
          return item;
        }))
        .delete("/cart/items/{productId}", (req, ctx) -> answer(200, () -> {
          Actor a = actor(req);
          String productId = req.pathParameter("productId");
          ctx.app().removeCartItem(a, productId);
          leaveCart(ctx, a, List.of(productId));
          return Json.object().put("productId", productId).put("removed", true);
        }))
        .delete("/cart", (req, ctx) -> answer(200, () -> {
          Actor a = actor(req);
          List<String> removed = ctx.app().clearCart(a);
          leaveCart(ctx, a, removed);
          ArrayNode ids = Json.array();
          removed.forEach(ids::add);
          return Json.object().set("removed", ids);
        }))
        // orders
        .post("/orders", created((req, s, a) -> s.placeOrder(a, req.json())))
        .get("/orders/{id}", wrap((req, s, a) -> {
          ObjectNode o = s.order(req.pathParameter("id"))
              .orElseThrow(() -> StorefrontError.notFound("no order " + req.pathParameter("id")));
          if (!a.isAdmin() && !a.id().equals(o.path("buyerId").asText())
              && !a.id().equals(o.path("sellerId").asText())) {
            throw StorefrontError.notFound("no order " + req.pathParameter("id"));
          }
          return o;
        }))
        .patch("/orders/{id}/status", wrap((req, s, a) -> s.updateOrderStatus(a, req.pathParameter("id"), req.json())))
        .post("/orders/{id}/payment", wrap((req, s, a) -> s.payOrder(a, req.pathParameter("id"))))
        // wholesale
        .post("/wholesale/invitations", created((req, s, a) -> s.inviteWholesale(a, req.json())))
        .post("/wholesale/invitations/{id}/accept", wrap((req, s, a) ->
            s.answerInvitation(a, req.pathParameter("id"), true)))
        .post("/wholesale/invitations/{id}/reject", wrap((req, s, a) ->
            s.answerInvitation(a, req.pathParameter("id"), false)))
        .post("/wholesale/orders", created((req, s, a) -> s.placeWholesaleOrder(a, req.json())))
        .patch("/wholesale/orders/{id}/status", wrap((req, s, a) ->
            s.updateWholesaleOrder(a, req.pathParameter("id"), req.json())))
        .post("/wholesale/orders/{id}/deposit", wrap((req, s, a) -> s.payWholesale(a, req.pathParameter("id"), false)))
        .post("/wholesale/orders/{id}/balance", wrap((req, s, a) -> s.payWholesale(a, req.pathParameter("id"), true)))
        // quotations
        .post("/quotations", created((req, s, a) -> s.createQuotation(a, req.json())))
        .patch("/quotations/{id}", wrap((req, s, a) -> s.updateQuotation(a, req.pathParameter("id"), req.json())))
        .post("/quotations/{id}/send", wrap((req, s, a) -> s.sendQuotation(a, req.pathParameter("id"))))
        .post("/quotations/{id}/view", wrap((req, s, a) -> s.viewQuotation(a, req.pathParameter("id"))))
        .post("/quotations/{id}/accept", wrap((req, s, a) -> s.answerQuotation(a, req.pathParameter("id"), true)))
        .post("/quotations/{id}/reject", wrap((req, s, a) -> s.answerQuotation(a, req.pathParameter("id"), false)))
        // notifications and analytics
        .get("/notifications", wrap((req, s, a) -> array(s.notifications(a.id(), 50))))
        .post("/notifications", created((req, s, a) -> s.notify(a, req.json())))
        .post("/notifications/system", created((req, s, a) -> s.announce(a, req.json())))
        .post("/notifications/{id}/read", wrap((req, s, a) -> s.markRead(a, req.pathParameter("id"))))
        .delete("/notifications/{id}", wrap((req, s, a) -> {
          s.deleteNotification(a, req.pathParameter("id"));
          return Json.object().put("notificationId", req.pathParameter("id")).put("deleted", true);
        }))
        .get("/analytics/metrics", wrap((req, s, a) -> s.metrics(a.require(Actor.SELLER).id())))
        .build();
  }

  /** A route body over the store and the caller. */
  @FunctionalInterface
  interface Action {
    JsonNode run(HttpRequest request, StorefrontStore store, Actor actor);
  }

  private static Route<StorefrontStore> wrap(Action action) {
    return (req, ctx) -> answer(200, () -> action.run(req, ctx.app(), actor(req)));
  }

  private static Route<StorefrontStore> created(Action action) {
    return (req, ctx) -> answer(201, () -> action.run(req, ctx.app(), actor(req)));
  }

  private static HttpResponse answer(int status, java.util.function.Supplier<JsonNode> body) {
    try {
      return HttpResponse.json(status, body.get());
    } catch (StorefrontError e) {
      throw switch (e.status()) {
        case 400 -> e.field() != null ? HttpError.invalid(e.field(), e.getMessage()) : HttpError.badRequest(e.getMessage());
        case 403 -> HttpError.forbidden(e.getMessage());
        case 404 -> HttpError.notFound(e.getMessage());
        case 409 -> HttpError.conflict(e.getMessage());
        default -> HttpError.of(e.status(), e.code().toLowerCase(java.util.Locale.ROOT), e.getMessage());
      };
    }
  }

  /** A product change; the events {@code STOREFRONT_DIRECT_EVENTS} names are emitted here, right after the write. */
  private static Route<StorefrontStore> productChange(java.util.function.Function<HttpRequest, JsonNode> body) {
    return (req, ctx) -> answer(200, () -> {
      StorefrontStore.ProductChange change = ctx.app().changeProduct(actor(req), req.pathParameter("id"),
          body.apply(req));
      if (!ctx.app().directEvents().isEmpty()) {
        emitDirect(ctx, change);
      }
      return change.after();
    });
  }

  /**
   * The direct path: the same events the stream would make (the hook's mapping over the before and after
   * images), emitted by the route. A failure is logged, never turned into a failed write (the seed's rule).
   */
  private static void emitDirect(RouteContext<StorefrontStore> ctx, StorefrontStore.ProductChange change) {
    StreamRecord record = new StreamRecord(null, StreamRecord.EventName.MODIFY, StorefrontTables.PRODUCTS, "direct",
        null, null, change.after(), change.before(), null, "NEW_AND_OLD_IMAGES", false);
    for (StreamBroadcast b : StorefrontEvents.direct(record)) {
      try {
        ctx.emitter().of(b.namespace()).to(b.rooms().toArray(String[]::new)).emit(b.event(), b.args().toArray());
      } catch (RuntimeException e) {
        System.err.println("storefront: direct " + b.event() + " failed: " + e);
      }
    }
  }

  private static Actor actor(HttpRequest req) {
    return Actor.of(req.requirePrincipal());
  }

  private static void leaveCart(RouteContext<StorefrontStore> ctx, Actor a, List<String> productIds) {
    if (!productIds.isEmpty()) {
      ctx.emitter().in(Rooms.user(a.id())).socketsLeave(productIds.stream().map(Rooms::cart).toArray(String[]::new));
    }
  }

  /** The body, refused unless it holds exactly {@code field}. */
  private static JsonNode only(JsonNode body, String field) {
    ObjectNode in = Input.object(body);
    if (!in.has(field)) {
      throw StorefrontError.invalid(field, "is required");
    }
    if (in.size() != 1) {
      throw StorefrontError.invalid("body", "must hold only " + field);
    }
    return in;
  }

  private static ArrayNode array(List<ObjectNode> items) {
    ArrayNode a = Json.array();
    items.forEach(a::add);
    return a;
  }
}
