package dev.socketiolambda.examples.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.SocketAuth;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The vendor support desk of seed 000 on socketio-lambda (the event catalogue is in
 * {@code examples/support/README.md}). In the default namespace; every client event answers its ack
 * with {@code {ok: true, ...}} or {@code {ok: false, error: {code, message}}}, and without an ack a
 * refusal comes as an {@code error} event {@code {code, message, event}}.
 *
 * <p>Rooms: {@code user:<id>} (every connection of a user), {@code vendor:<id>} (a vendor's
 * connections), {@code role:support} and {@code role:admin} (staff), all joined at connection from
 * the verified token; {@code query:<queryId>} joined by {@code joinQuery} only for the vendor who
 * owns the query, support staff and admins. {@code newSupportQuery} and {@code queryMarkedAsRead}
 * come from the stream rules, not from here.
 */
public final class SupportApp implements SocketIoApp {
  private final SupportConfig config;
  private final QueryStore store;
  private final SocketAuth auth;

  public SupportApp(SupportConfig config, DynamoDbClient dynamo, LongSupplier clock) {
    this.config = config;
    this.store = new QueryStore(dynamo, config.table(), config.queriesTable(), clock);
    this.auth = new SocketAuth(TokenVerifier.of(config.auth(), clock), clock, SocketAuth.OnExpiry.DISCONNECT,
        List.of("name"));
  }

  @Override
  public void configure(SocketIoServer io) {
    Namespace ns = io.of("/");
    ns.use(this::authenticate);
    ns.useRequest((socket, event, ack) -> auth.checkNotExpired(socket, ack));
    ns.onConnection(socket -> {
      Actor me = actor(socket);
      socket.join(personalRooms(me).toArray(String[]::new));
    });
    ns.onRequestError((socket, event, error, acked) -> {
      SupportError e;
      if (error instanceof SupportError s) {
        e = s;
      } else if (error instanceof dev.socketiolambda.functions.server.EventError ee && ee.data() != null
          && ee.data().has("code")) { // the shared auth's TOKEN_EXPIRED
        e = new SupportError(ee.data().path("code").asText(), ee.data().path("message").asText(ee.getMessage()));
      } else {
        System.err.println("support: " + event + " failed for " + socket.data().path("userId").asText() + ": "
            + error);
        e = new SupportError(SupportError.INTERNAL, "the server could not handle " + event + "; try again");
      }
      System.err.println("support: " + event + " refused for " + socket.data().path("userId").asText() + ": "
          + e.code() + " " + e.getMessage());
      if (!acked) {
        socket.emit("error", e.toJson().put("event", event));
        return null;
      }
      return Json.object().put("ok", false).set("error", e.toJson());
    });

    ns.onRequest("joinQuery", Input::required, (socket, in) -> {
      String queryId = in.queryId();
      int limit = in.limit(config.historyPage());
      ObjectNode query = usableQuery(socket, queryId);
      socket.join(queryRoom(queryId));
      QueryStore.Page page = store.history(queryId, 0, limit);
      return ok().<ObjectNode>set("query", query).<ObjectNode>set("messages", array(page.items()))
          .put("nextCursor", page.nextCursor());
    });
    ns.onRequest("leaveQuery", Input::required, (socket, in) -> {
      String queryId = in.queryId();
      socket.leave(queryRoom(queryId));
      return ok().put("queryId", queryId);
    });
    ns.onRequest("getMessages", Input::required, (socket, in) -> {
      String queryId = in.queryId();
      long before = in.before();
      int limit = in.limit(config.historyPage());
      usableQuery(socket, queryId);
      QueryStore.Page page = store.history(queryId, before, limit);
      return ok().put("queryId", queryId).<ObjectNode>set("messages", array(page.items()))
          .put("nextCursor", page.nextCursor());
    });
    ns.onRequest("sendMessage", Input::required, (socket, in) -> {
      Actor me = actor(socket);
      String queryId = in.queryId();
      String content = in.text("content", Input.MAX_CONTENT);
      in.claimed("senderId", me.userId());
      in.claimed("senderRole", me.role());
      QueryStore.Sent sent = store.send(queryId, me, content);
      // the conversation's room, and the owning vendor wherever it is (its unread count grows)
      socket.nsp().to(queryRoom(queryId), vendorRoom(sent.query().path("vendorId").asText()))
          .emit("newMessage", sent.message());
      return ok().set("message", sent.message());
    });
    ns.onRequest("typing", Input::required, (socket, in) -> {
      Actor me = actor(socket);
      String queryId = in.queryId();
      boolean typing = in.isTyping();
      if (!socket.rooms().contains(queryRoom(queryId))) {
        throw SupportError.forbidden("join query " + queryId + " first");
      }
      socket.to(queryRoom(queryId)).except(userRoom(me.userId())).volatileEmit().emit("typing", Json.object()
          .put("queryId", queryId).put("userId", me.userId()).put("name", me.name()).put("role", me.role())
          .put("isTyping", typing));
      return ok();
    });
  }

  private void authenticate(Socket socket) throws ConnectError {
    Principal principal = auth.authenticate(socket); // UNAUTHORIZED for a missing or refused token
    Actor me = Actor.of(principal);
    if (me == null) {
      throw new ConnectError("forbidden", Json.object().put("code", SupportError.FORBIDDEN)
          .put("message", "the token's roles must include vendor, support or admin"));
    }
    socket.data().put("userId", me.userId()).put("name", me.name()).put("role", me.role());
  }

  /** The query, when this socket's user may use it; NOT_FOUND otherwise (another vendor's query looks absent). */
  private ObjectNode usableQuery(Socket socket, String queryId) {
    Actor me = actor(socket);
    return store.query(queryId).filter(q -> me.mayUse(q.path("vendorId").asText()))
        .orElseThrow(() -> SupportError.notFound("no support query " + queryId));
  }

  /** The rooms a user is in from connection on: its own, its vendor's, its role's. */
  static List<String> personalRooms(Actor me) {
    return switch (me.role()) {
      case Actor.VENDOR -> List.of(userRoom(me.userId()), vendorRoom(me.userId()));
      case Actor.SUPPORT -> List.of(userRoom(me.userId()), "role:support");
      default -> List.of(userRoom(me.userId()), "role:admin");
    };
  }

  static Actor actor(Socket socket) {
    return new Actor(socket.data().path("userId").asText(), socket.data().path("name").asText(),
        socket.data().path("role").asText());
  }

  static String queryRoom(String queryId) {
    return "query:" + queryId;
  }

  static String vendorRoom(String vendorId) {
    return "vendor:" + vendorId;
  }

  static String userRoom(String userId) {
    return "user:" + userId;
  }

  private static ObjectNode ok() {
    return Json.object().put("ok", true);
  }

  private static ArrayNode array(List<ObjectNode> nodes) {
    ArrayNode a = Json.array();
    nodes.forEach(a::add);
    return a;
  }
}
