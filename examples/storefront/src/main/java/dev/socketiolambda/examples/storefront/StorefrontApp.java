package dev.socketiolambda.examples.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.SocketAuth;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.schedule.ScheduledApp;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.schedule.TickContext;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The storefront's socket side (seed 004), in the default namespace. At CONNECT the verified token
 * decides the user and the roles ({@code buyer}, {@code seller}, {@code admin}); the socket joins
 * {@code user:<id>}, sellers {@code seller:<id>} and {@code sellers}, buyers {@code buyers} and the
 * {@code cart:<productId>} rooms of their cart. Client events join the seed's viewer rooms:
 * {@code product:view} / {@code product:leave} ({@code product:<id>}; views count for the seller's
 * {@code analytics:product_viewed}), {@code storefront:visit} / {@code storefront:leave}
 * ({@code storefront:<sellerId>}). Every other event of the catalogue comes from the domain tables'
 * streams ({@link StorefrontEvents}) or the schedules: {@code analytics:metrics_updated} to connected
 * sellers, and the quotation expiry sweep.
 */
public final class StorefrontApp implements SocketIoApp, ScheduledApp {
  private static final Set<String> ROLES = Set.of(Actor.BUYER, Actor.SELLER, Actor.ADMIN);
  private final StorefrontConfig config;
  private final StorefrontStore store;
  private final SocketAuth auth;
  private final LongSupplier clock;

  public StorefrontApp(StorefrontConfig config, DynamoDbClient dynamo, LongSupplier clock) {
    this.config = config;
    this.store = new StorefrontStore(dynamo, config.indexTable(), clock);
    this.auth = new SocketAuth(TokenVerifier.of(config.auth(), clock), clock, SocketAuth.OnExpiry.DISCONNECT,
        List.of("name"));
    this.clock = clock;
  }

  public StorefrontStore store() {
    return store;
  }

  @Override
  public void configure(SocketIoServer io) {
    Namespace ns = io.of("/");
    ns.use(this::authenticate);
    ns.useRequest((socket, event, ack) -> auth.checkNotExpired(socket, ack));
    // every request answers {ok: true, ...} or {ok: false, error: {code, message}}; without an ack an error event
    ns.onRequestError((socket, event, error, acked) -> {
      ObjectNode e;
      if (error instanceof StorefrontError s) {
        e = s.toJson();
      } else if (error instanceof EventError ev) {
        e = Json.object().put("code", ev.data() == null ? "ERROR" : ev.data().path("code").asText("ERROR"))
            .put("message", ev.getMessage());
      } else {
        System.err.println("storefront: " + event + " failed: " + error);
        e = Json.object().put("code", "INTERNAL").put("message", "the server could not handle " + event);
      }
      if (!acked) {
        socket.emit("error", e.deepCopy().put("event", event));
        return null;
      }
      return Json.object().put("ok", false).set("error", e);
    });
    ns.onRequest("product:view", StorefrontApp::payload, (socket, in) -> {
      String productId = Input.id(in, "productId");
      StorefrontStore.View view = store.view(productId);
      ObjectNode p = view.product();
      socket.join(Rooms.product(productId));
      if (p.path("stock").asLong() == 0) {
        // the user hears stock:restocked on every connection of theirs
        socket.nsp().in(Rooms.user(actor(socket).id())).socketsJoin(Rooms.restock(productId));
        socket.join(Rooms.restock(productId));
      }
      String seller = p.path("sellerId").asText();
      socket.nsp().to(Rooms.seller(seller)).volatileEmit().emit("analytics:product_viewed", Envelope.of(
          "analytics:product_viewed", Json.object().put("productId", productId).put("sellerId", seller)
              .put("views", view.views()), Envelope.iso(clock.getAsLong()), actor(socket).id()));
      return ok().set("product", StorefrontEvents.data(p));
    });
    ns.onRequest("product:leave", StorefrontApp::payload, (socket, in) -> {
      String productId = Input.id(in, "productId");
      socket.leave(Rooms.product(productId));
      return ok().put("productId", productId);
    });
    ns.onRequest("storefront:visit", StorefrontApp::payload, (socket, in) -> {
      String sellerId = Input.id(in, "sellerId");
      socket.join(Rooms.storefront(sellerId));
      return ok().put("sellerId", sellerId);
    });
    ns.onRequest("storefront:leave", StorefrontApp::payload, (socket, in) -> {
      String sellerId = Input.id(in, "sellerId");
      socket.leave(Rooms.storefront(sellerId));
      return ok().put("sellerId", sellerId);
    });
  }

  @Override
  public void schedules(Schedules schedules) {
    schedules.every(config.metricsPeriod(), "metrics", this::sendMetrics);
    schedules.every(config.expiryPeriod(), "quotation-expiry", tick -> {
      List<String> expired = store.expireDue();
      if (!expired.isEmpty()) {
        System.out.println("storefront: expired quotations " + expired);
      }
    });
  }

  /** {@code analytics:metrics_updated} to each connected seller: the {@code sellers} room's sockets, 1 Query per seller. */
  void sendMetrics(TickContext tick) {
    Emitter emitter = tick.emitter();
    Set<String> sellers = new TreeSet<>();
    for (Socket s : emitter.in(Rooms.SELLERS).fetchSockets()) {
      Principal p = SocketAuth.principal(s);
      if (p != null) {
        sellers.add(p.userId());
      }
    }
    String at = Envelope.iso(tick.dueAt().toEpochMilli());
    for (String seller : sellers) {
      emitter.to(Rooms.seller(seller)).volatileEmit().emit("analytics:metrics_updated",
          Envelope.of("analytics:metrics_updated", store.metrics(seller), at, null));
    }
  }

  /**
   * The CONNECT check: a verified token with a storefront role. The seed's {@code auth.userId}, when
   * a client still sends it, must be the token's user. Rooms are joined here, before the CONNECT
   * reply, so that no event sent right after the client's {@code connect} is missed.
   */
  private void authenticate(Socket socket) throws ConnectError {
    Principal p = auth.authenticate(socket);
    if (p.roles().stream().noneMatch(ROLES::contains)) {
      throw new ConnectError("forbidden", Json.object().put("code", "FORBIDDEN")
          .put("message", "the token needs a role: buyer, seller or admin"));
    }
    JsonNode claimed = socket.handshake().auth() == null ? null : socket.handshake().auth().get("userId");
    if (claimed != null && !claimed.isNull() && !p.userId().equals(claimed.asText())) {
      throw new ConnectError("forbidden", Json.object().put("code", "USER_MISMATCH")
          .put("message", "auth.userId does not match your token"));
    }
    List<String> rooms = new ArrayList<>();
    rooms.add(Rooms.user(p.userId()));
    if (p.hasRole(Actor.SELLER)) {
      rooms.add(Rooms.seller(p.userId()));
      rooms.add(Rooms.SELLERS);
    }
    if (p.hasRole(Actor.BUYER)) {
      rooms.add(Rooms.BUYERS);
      store.cart(p.userId()).forEach(i -> rooms.add(Rooms.cart(i.path("productId").asText())));
    }
    socket.join(rooms.toArray(String[]::new));
  }

  static Actor actor(Socket socket) {
    return Actor.of(SocketAuth.principal(socket));
  }

  private static ObjectNode payload(List<JsonNode> args) {
    if (args.isEmpty() || !args.get(0).isObject()) {
      throw StorefrontError.invalid("payload", "must be an object");
    }
    return (ObjectNode) args.get(0);
  }

  private static ObjectNode ok() {
    return Json.object().put("ok", true);
  }
}
