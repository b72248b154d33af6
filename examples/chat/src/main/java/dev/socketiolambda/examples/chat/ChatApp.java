package dev.socketiolambda.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.examples.chat.ChatStore.Channel;
import dev.socketiolambda.examples.chat.ChatStore.Membership;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.SocketAuth;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.limits.Decision;
import dev.socketiolambda.functions.limits.DynamoDbRateLimiter;
import dev.socketiolambda.functions.limits.RateKey;
import dev.socketiolambda.functions.limits.RateLimiter;
import dev.socketiolambda.functions.recovery.RecoveryOptions;
import dev.socketiolambda.functions.server.BroadcastOperator;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The team chat of seed 002 on socketio-lambda (see {@code examples/chat/README.md} for the event
 * catalogue). Every client-to-server event answers through its ack with {@code {ok: true, ...}} or
 * {@code {ok: false, error: {code, message}}}; without an ack the error comes as an {@code error}
 * event. Rooms: {@code channel:<id>} per channel, {@code user:<id>} for all connections of a user.
 *
 * <p>Built by {@link ChatBundle} ({@code SOCKETIO_APP=chat}) from the environment's settings
 * ({@link ChatConfig}) and the runtime's DynamoDB client.
 */
public final class ChatApp implements SocketIoApp {
  private final ChatConfig config;
  private final ChatStore store;
  private final SocketAuth auth;
  private final LongSupplier clock;
  private final RateLimiter limiter;
  private volatile SocketIoServer io;

  public ChatApp(ChatConfig config, DynamoDbClient dynamo, LongSupplier clock) {
    this.config = config;
    this.store = new ChatStore(dynamo, config.table(), clock);
    this.auth = new SocketAuth(TokenVerifier.of(config.auth(), clock), clock, SocketAuth.OnExpiry.DISCONNECT,
        List.of("name"));
    this.clock = clock;
    this.limiter = new DynamoDbRateLimiter(dynamo, config.rates().table(), clock);
  }

  /** The data layer (for tools and tests that seed channels). */
  public ChatStore store() {
    return store;
  }

  @Override
  public void configure(SocketIoServer io) {
    this.io = io;
    // a reconnect within 2 minutes keeps its id and rooms and gets what it missed; its token is verified again
    io.connectionStateRecovery(RecoveryOptions.defaults()
        .sameOwner(data -> data.path(SocketAuth.DATA_FIELD).path("userId").asText(null)));
    Namespace ns = io.of("/");
    ns.use(this::authenticate);
    // before every request: an expired token ends the socket (ack error first), then the user's rate limit
    ns.useRequest((socket, event, ack) -> {
      auth.checkNotExpired(socket, ack);
      limit(socket, event);
    });
    ns.onConnection(socket -> {
      try {
        connected(socket.nsp(), socket);
      } catch (RuntimeException e) {
        System.err.println("chat: connection setup failed for " + userId(socket) + ": " + e);
        socket.emit("error", new ChatError(ChatError.INTERNAL, "the server could not load your channels; "
            + "reconnect to try again").toJson().put("event", "connection"));
      }
    });
    ns.onDisconnect((socket, reason) -> disconnected(socket.nsp(), socket));
    // every request answers {ok: false, error: {code, message}}; without an ack the error comes as an error event
    ns.onRequestError((socket, event, error, acked) -> {
      ChatError e = error instanceof ChatError c ? c
          : new ChatError(ChatError.INTERNAL, "the server could not handle " + event + "; try again");
      if (!acked) {
        socket.emit("error", e.toJson().put("event", event));
        return null;
      }
      return Json.object().put("ok", false).set("error", e.toJson());
    });

    ns.onRequest("send_message", Input::required, (socket, in) -> {
      String channelId = in.channelId();
      String content = in.content();
      String clientId = in.clientId();
      activeMember(channelId, socket);
      ChatStore.Sent sent = store.send(channelId, userId(socket), userName(socket), content, clientId);
      if (!sent.duplicate()) { // a retry with the same clientId: the first send has broadcast it
        socket.nsp().to(room(channelId)).emit("new_message", sent.message());
      }
      return ok().set("message", sent.message());
    });
    ns.onRequest("edit_message", Input::required, (socket, in) -> {
      String channelId = in.channelId();
      long messageId = in.messageId();
      String content = in.content();
      activeMember(channelId, socket);
      ObjectNode message = store.edit(channelId, messageId, userId(socket), content);
      socket.nsp().to(room(channelId)).emit("message_edited", Json.object().put("channelId", channelId)
          .put("messageId", messageId).put("content", message.path("content").asText())
          .put("editedAt", message.path("editedAt").asText()).put("editedBy", userId(socket)));
      return ok().set("message", message);
    });
    ns.onRequest("delete_message", Input::required, (socket, in) -> {
      String channelId = in.channelId();
      long messageId = in.messageId();
      Membership member = activeMember(channelId, socket);
      store.delete(channelId, messageId, userId(socket), member.admin());
      socket.nsp().to(room(channelId)).emit("message_deleted", Json.object().put("channelId", channelId)
          .put("messageId", messageId).put("deletedBy", userId(socket)));
      return ok().put("messageId", messageId);
    });
    ns.onRequest("mark_as_read", Input::required, (socket, in) -> mark(socket.nsp(), socket, in, true));
    ns.onRequest("mark_as_delivered", Input::required, (socket, in) -> mark(socket.nsp(), socket, in, false));
    ns.onRequest("add_reaction", Input::required, (socket, in) -> react(socket.nsp(), socket, in, true));
    ns.onRequest("remove_reaction", Input::required, (socket, in) -> react(socket.nsp(), socket, in, false));
    ns.onRequest("join_channel", Input::required, (socket, in) -> join(socket.nsp(), socket, in));
    ns.onRequest("leave_channel", Input::required, (socket, in) -> {
      String channelId = in.channelId();
      String user = userId(socket);
      if (!store.deactivate(channelId, user)) {
        throw refusal(channelId, user);
      }
      socket.nsp().in(userRoom(user)).socketsLeave(room(channelId));
      socket.leave(room(channelId));
      socket.nsp().to(room(channelId)).emit("user_left", Json.object().put("channelId", channelId).put("userId", user)
          .put("name", userName(socket)));
      return ok().put("channelId", channelId);
    });
    ns.onRequest("fetch_messages", Input::required, (socket, in) -> {
      String channelId = in.channelId();
      long before = in.optionalId("before");
      int limit = in.limit(config.historyPage());
      activeMember(channelId, socket);
      ChatStore.Page page = store.history(channelId, before, limit);
      return ok().put("channelId", channelId).<ObjectNode>set("messages", array(page.messages()))
          .put("nextCursor", page.nextCursor());
    });
    ns.onRequest("typing_start", Input::required, (socket, in) -> typing(socket, in, "user_typing"));
    ns.onRequest("typing_stop", Input::required, (socket, in) -> typing(socket, in, "user_stopped_typing"));
    ns.onRequest("user_online", Input::optional, (socket, in) -> presence(socket.nsp(), socket, false));
    ns.onRequest("user_offline", Input::optional, (socket, in) -> presence(socket.nsp(), socket, true));
  }

  // ---- connection lifecycle

  private void authenticate(Socket socket) throws ConnectError {
    Principal user = auth.authenticate(socket); // refuses with {code: UNAUTHORIZED, message}
    socket.data().put("userId", user.userId());
    socket.data().put("name", user.claim("name") != null ? user.claim("name") : user.userId());
  }

  private void connected(BroadcastOperator ns, Socket socket) {
    String user = userId(socket);
    List<Membership> memberships = store.activeMemberships(user);
    List<String> rooms = new ArrayList<>();
    rooms.add(userRoom(user));
    memberships.forEach(m -> rooms.add(room(m.channelId())));
    socket.join(rooms.toArray(String[]::new));

    Map<String, Channel> channels = new HashMap<>();
    store.channels(memberships.stream().map(Membership::channelId).toList()).forEach(c -> channels.put(c.id(), c));
    ArrayNode list = Json.array();
    Set<String> people = new TreeSet<>();
    for (Membership m : memberships) {
      Channel c = channels.get(m.channelId());
      if (c == null) {
        continue;
      }
      list.add(c.toJson().put("role", m.role()).put("lastReadId", m.lastReadId())
          .put("unread", store.unread(c.id(), user, m.lastReadId(), 100)));
      store.members(c.id()).stream().filter(Membership::active).forEach(x -> people.add(x.userId()));
    }
    boolean cameOnline = store.connect(user, socket.connectionId());
    people.add(user);
    ArrayNode online = Json.array();
    online(ns, people).forEach(online::add);
    socket.emit("connected", Json.object().put("userId", user).put("name", userName(socket))
        .put("socketId", socket.id()).<ObjectNode>set("channels", list).set("online", online));
    if (cameOnline) {
      toChannelsOf(ns, user, channelRooms(memberships), "user_online", presencePayload(socket));
    }
  }

  private void disconnected(BroadcastOperator ns, Socket socket) {
    String user = socket.data().path("userId").asText(null);
    if (user == null) {
      return; // refused at CONNECT
    }
    if (store.disconnect(user, socket.connectionId())) {
      toChannelsOf(ns, user, channelRooms(store.activeMemberships(user)), "user_offline", presencePayload(socket));
    }
  }

  // ---- events

  private ObjectNode mark(BroadcastOperator ns, Socket socket, Input in, boolean read) {
    String channelId = in.channelId();
    long messageId = in.messageId();
    activeMember(channelId, socket);
    if (store.message(channelId, messageId).isEmpty()) {
      throw ChatError.notFound("no message " + messageId + " in channel " + channelId);
    }
    String user = userId(socket);
    ChatStore.Mark mark = read ? store.markRead(channelId, user, messageId)
        : store.markDelivered(channelId, user, messageId);
    String field = read ? "lastReadId" : "lastDeliveredId";
    if (mark.raised()) {
      ns.to(room(channelId)).emit(read ? "messages_read" : "messages_delivered", Json.object()
          .put("channelId", channelId).put("userId", user).put(field, mark.value()));
    }
    ObjectNode result = ok().put("channelId", channelId).put(field, mark.value());
    if (read) {
      result.put("unread", store.unread(channelId, user, mark.value(), 100));
    }
    return result;
  }

  private ObjectNode react(BroadcastOperator ns, Socket socket, Input in, boolean add) {
    String channelId = in.channelId();
    long messageId = in.messageId();
    String reaction = in.reaction();
    activeMember(channelId, socket);
    ObjectNode message = store.react(channelId, messageId, userId(socket), reaction, add);
    JsonNode reactions = message.get("reactions");
    ns.to(room(channelId)).emit(add ? "reaction_added" : "reaction_removed", Json.object()
        .put("channelId", channelId).put("messageId", messageId).put("reaction", reaction)
        .put("userId", userId(socket)).set("reactions", reactions));
    return ok().put("messageId", messageId).set("reactions", reactions);
  }

  private ObjectNode join(BroadcastOperator ns, Socket socket, Input in) {
    String channelId = in.channelId();
    long before = in.optionalId("before");
    int limit = in.limit(config.historyPage());
    String user = userId(socket);
    Channel channel = store.channel(channelId).orElseThrow(() -> notFound(channelId));
    if (channel.isPrivate() && store.membership(channelId, user).isEmpty()) {
      throw notFound(channelId); // as for a channel that does not exist: private ids do not leak
    }
    boolean joined = store.activate(channelId, user);
    ns.in(userRoom(user)).socketsJoin(room(channelId));
    socket.join(room(channelId));
    if (joined) {
      socket.to(room(channelId)).except(userRoom(user)).emit("user_joined", Json.object()
          .put("channelId", channelId).put("userId", user).put("name", userName(socket)));
    }
    Membership me = store.membership(channelId, user).orElseThrow();
    List<Membership> members = store.members(channelId).stream().filter(Membership::active).toList();
    Set<String> online = online(ns, members.stream().map(Membership::userId).toList());
    ArrayNode memberList = Json.array();
    for (Membership m : members) {
      memberList.add(Json.object().put("userId", m.userId()).put("role", m.role()).put("lastReadId", m.lastReadId())
          .put("lastDeliveredId", m.lastDeliveredId()).put("online", online.contains(m.userId())));
    }
    ChatStore.Page page = store.history(channelId, before, limit);
    return ok().<ObjectNode>set("channel", channel.toJson()).put("role", me.role())
        .put("lastReadId", me.lastReadId()).put("unread", store.unread(channelId, user, me.lastReadId(), 100))
        .<ObjectNode>set("members", memberList).<ObjectNode>set("messages", array(page.messages()))
        .put("nextCursor", page.nextCursor());
  }

  private ObjectNode typing(Socket socket, Input in, String event) {
    String channelId = in.channelId();
    if (!socket.rooms().contains(room(channelId))) {
      throw ChatError.forbidden("join channel " + channelId + " first");
    }
    socket.to(room(channelId)).except(userRoom(userId(socket))).volatileEmit().emit(event, Json.object()
        .put("channelId", channelId).put("userId", userId(socket)).put("name", userName(socket)));
    return ok();
  }

  private ObjectNode presence(BroadcastOperator ns, Socket socket, boolean hide) {
    String user = userId(socket);
    if (store.hide(user, hide)) {
      toChannelsOf(ns, user, channelRooms(store.activeMemberships(user)), hide ? "user_offline" : "user_online",
          presencePayload(socket));
    }
    return ok().put("online", !hide);
  }

  // ---- helpers

  /** Counts a write event against the user's limit (all connections, all instances); refuses it when spent. */
  private void limit(Socket socket, String event) {
    config.rates().counterOf(event).ifPresent(counter -> {
      Decision d = limiter.tryAcquire(counter.name(), counter.limit(), RateKey.user(userId(socket)));
      if (!d.allowed()) {
        throw ChatError.rateLimited(d);
      }
    });
  }

  private Membership activeMember(String channelId, Socket socket) {
    Optional<Membership> m = store.membership(channelId, userId(socket)).filter(Membership::active);
    if (m.isPresent()) {
      return m.get();
    }
    throw refusal(channelId, userId(socket));
  }

  /**
   * Why a user may not use a channel: NOT_FOUND when it does not exist or is private and the user
   * was never a member (the same answer, so a private channel's id does not leak), FORBIDDEN otherwise.
   */
  private ChatError refusal(String channelId, String user) {
    Optional<Channel> channel = store.channel(channelId);
    if (channel.isEmpty() || (channel.get().isPrivate() && store.membership(channelId, user).isEmpty())) {
      return notFound(channelId);
    }
    return ChatError.forbidden("you are not a member of channel " + channelId);
  }

  private static ChatError notFound(String channelId) {
    return ChatError.notFound("no channel " + channelId);
  }

  /**
   * Who of these users is online, healing presence on the way: connections the runtime says are
   * gone (their {@code $disconnect} never reached the chat) are forgotten, and a user left with none
   * goes offline for their channels, as a disconnect would have said.
   */
  private Set<String> online(BroadcastOperator ns, Collection<String> users) {
    return store.online(users, io::connected, gone -> toChannelsOf(ns, gone,
        channelRooms(store.activeMemberships(gone)), "user_offline", Json.object().put("userId", gone)));
  }

  private static void toChannelsOf(BroadcastOperator ns, String user, List<String> rooms, String event, ObjectNode payload) {
    if (!rooms.isEmpty()) { // no rooms at all would mean everyone
      ns.to(rooms.toArray(String[]::new)).except(userRoom(user)).emit(event, payload);
    }
  }

  private static List<String> channelRooms(List<Membership> memberships) {
    return memberships.stream().map(m -> room(m.channelId())).toList();
  }

  private static ObjectNode presencePayload(Socket socket) {
    return Json.object().put("userId", userId(socket)).put("name", userName(socket));
  }

  private static ObjectNode ok() {
    return Json.object().put("ok", true);
  }

  private static ArrayNode array(List<ObjectNode> nodes) {
    ArrayNode a = Json.array();
    nodes.forEach(a::add);
    return a;
  }

  static String room(String channelId) {
    return "channel:" + channelId;
  }

  static String userRoom(String userId) {
    return "user:" + userId;
  }

  private static String userId(Socket socket) {
    return socket.data().path("userId").asText();
  }

  private static String userName(Socket socket) {
    return socket.data().path("name").asText();
  }
}
