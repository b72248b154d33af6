package dev.socketiolambda.examples.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.SocketAuth;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.schedule.ScheduledApp;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.server.ConnectError;
import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.protocol.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Socket.IO layer of seed 003 (service queue management) on socketio-lambda; the catalogue is
 * in {@code examples/queue/README.md}. Client events answer the seed's way, {@code {success: true,
 * room}} or {@code {success: false, error}}; identity and roles come from the verified token, never
 * from the payload. Rooms: {@code dashboard}, {@code service-<type>}, {@code counter-<id>},
 * {@code user-<id>}. Ticket, counter and queue events come from the domain tables through the
 * stream rules ({@code queue-rules.json}); {@code loadBalancingMetrics} from a 10 s schedule.
 */
public final class QueueApp implements SocketIoApp, ScheduledApp {
  /** Bounds of what a client may report ({@code clientError}, {@code clientInfo}). */
  static final int MAX_ERROR_MESSAGE = 500;
  static final int MAX_ERROR_STACK = 2_000;
  static final int MAX_INFO_FIELD = 256;

  private final QueueStore store;
  private final SocketAuth auth;
  private final LongSupplier clock;

  public QueueApp(QueueConfig config, DynamoDbClient dynamo, LongSupplier clock) {
    this(new QueueStore(dynamo, config.clientsTable(), clock),
        new SocketAuth(TokenVerifier.of(config.auth(), clock), clock, SocketAuth.OnExpiry.DISCONNECT, List.of("name")),
        clock);
  }

  QueueApp(QueueStore store, SocketAuth auth, LongSupplier clock) {
    this.store = store;
    this.auth = auth;
    this.clock = clock;
  }

  @Override
  public void configure(SocketIoServer io) {
    Namespace ns = io.of("/");
    ns.use(this::authenticate);
    ns.useRequest((socket, event, ack) -> auth.checkNotExpired(socket, ack));
    ns.onConnection(this::connected);
    ns.onDisconnect(this::disconnected);
    ns.onRequestError((socket, event, error, acked) -> {
      QueueError e = error instanceof QueueError q ? q
          : error instanceof EventError ee // the shared auth's "token expired" (already answered) and the like
              ? new QueueError(ee.data() != null ? ee.data().path("code").asText(QueueError.VALIDATION)
                  : QueueError.VALIDATION, ee.getMessage())
              : new QueueError(QueueError.INTERNAL, "the server could not handle " + event + "; try again");
      if (!acked) {
        System.err.println("queue: " + event + " of client " + socket.data().path("clientId").asLong()
            + " refused without a callback: " + e.getMessage());
        return null;
      }
      return e.toJson();
    });

    ns.onRequest("joinDashboard", Payload::optionalObject, (socket, data) -> {
      Principal me = principal(socket);
      if (!Roles.isStaff(me)) {
        throw QueueError.forbidden("the dashboard is for staff and admins");
      }
      String claimedRole = Payload.optionalText(data, "userRole");
      if (claimedRole != null && !me.hasRole(claimedRole)) {
        throw QueueError.forbidden("userRole " + claimedRole + " is not a role of your token");
      }
      String claimedUser = Payload.optionalText(data, "userId");
      if (claimedUser != null && !claimedUser.equals(me.userId())) {
        throw QueueError.forbidden("userId must be your own");
      }
      socket.join(Rooms.DASHBOARD);
      socket.data().put("dashboard", true);
      long clientId = socket.data().path("clientId").asLong();
      System.out.println("queue: [" + clientId + "] joined dashboard");
      socket.nsp().to(Rooms.DASHBOARD).emit("staffConnectionUpdate", Json.object().put("action", "connected")
          .put("clientId", clientId).put("timestamp", now()).put("totalConnected", socket.nsp().countSockets()));
      return roomAnswer(Rooms.DASHBOARD);
    });
    ns.onRequest("joinServiceQueue", Payload::object, (socket, data) -> {
      String serviceType = Rooms.require(data, "serviceType", Rooms.SERVICE_TYPE);
      if (store.service(serviceType).isEmpty()) {
        throw new QueueError(QueueError.NOT_FOUND, "no service " + serviceType);
      }
      String room = Rooms.service(serviceType);
      socket.join(room);
      socket.data().put("serviceType", serviceType);
      socket.to(room).emit("queueUserJoined", Json.object().put("serviceType", serviceType)
          .put("clientId", socket.data().path("clientId").asLong()).put("timestamp", now()));
      return roomAnswer(room);
    });
    ns.onRequest("joinCounter", Payload::object, (socket, data) -> {
      String counterId = Rooms.require(data, "counterId", Rooms.ID);
      Principal me = principal(socket);
      if (!Roles.isStaff(me)) {
        throw QueueError.forbidden("counter rooms are for counter staff");
      }
      if (store.counter(counterId).isEmpty()) {
        throw new QueueError(QueueError.NOT_FOUND, "no counter " + counterId);
      }
      String room = Rooms.counter(counterId);
      socket.join(room);
      socket.data().put("counterId", counterId);
      return roomAnswer(room);
    });
    ns.onRequest("joinUserRoom", Payload::object, (socket, data) -> {
      String userId = Rooms.require(data, "userId", Rooms.ANY_ID);
      if (!userId.equals(principal(socket).userId())) {
        throw QueueError.forbidden("you may join your own user room only");
      }
      String room = Rooms.user(userId);
      socket.join(room);
      return roomAnswer(room);
    });
    ns.onRequest("leaveRoom", Payload::object, (socket, data) -> {
      String room = Rooms.require(data, "room", Rooms.ANY_ID);
      if (room.equals(socket.id())) {
        throw QueueError.validation("a socket cannot leave its own room");
      }
      socket.leave(room);
      if (room.equals(Rooms.DASHBOARD)) {
        socket.data().remove("dashboard");
      }
      return roomAnswer(room);
    });
    ns.onRequest("ping", (socket, args) -> Json.object().put("pong", true).put("timestamp", now())
        .put("serverTime", clock.getAsLong()));
    ns.onRequest("clientError", Payload::object, (socket, data) -> {
      String message = Payload.bounded(data, "message", MAX_ERROR_MESSAGE);
      String stack = Payload.bounded(data, "stack", MAX_ERROR_STACK);
      System.err.println("queue: client error [" + socket.data().path("clientId").asLong() + "] "
          + Json.quote(message == null ? "" : message) + (stack == null ? "" : " stack " + Json.quote(stack)));
      return Json.object().put("success", true);
    });
    ns.onRequest("clientInfo", Payload::object, (socket, data) -> {
      ObjectNode info = Json.object();
      for (String field : List.of("userAgent", "language", "timezone")) {
        String v = Payload.bounded(data, field, MAX_INFO_FIELD);
        if (v != null) {
          info.put(field, v);
        }
      }
      socket.data().setAll(info);
      return Json.object().put("success", true);
    });
  }

  @Override
  public void schedules(Schedules schedules) {
    schedules.every(Duration.ofSeconds(10), "loadBalancingMetrics", tick -> tick.emitter().to(Rooms.DASHBOARD)
        .volatileEmit().emit("loadBalancingMetrics", Metrics.snapshot(store, tick.emitter().countSockets(),
            clock.getAsLong())));
  }

  // ---- connection lifecycle

  private void authenticate(Socket socket) throws ConnectError {
    Principal user = auth.authenticate(socket); // refuses with {code: UNAUTHORIZED, message}
    socket.data().put("userId", user.userId());
    socket.data().put("userRole", Roles.primary(user));
  }

  private void connected(Socket socket) {
    long clientId = store.nextClientNumber();
    String at = now();
    socket.data().put("clientId", clientId);
    socket.data().put("connectedAt", at);
    System.out.println("queue: socket connected [" + clientId + "] " + socket.id());
    socket.emit("connected", Json.object().put("socketId", socket.id()).put("clientId", clientId)
        .put("timestamp", at).put("message", "Connected to queue management server"));
  }

  private void disconnected(Socket socket, String reason) {
    JsonNode clientId = socket.data().get("clientId");
    if (clientId == null) {
      return; // refused at CONNECT
    }
    System.out.println("queue: socket disconnected [" + clientId.asLong() + "] " + socket.id() + " reason " + reason);
    if (socket.data().path("dashboard").asBoolean(false)) {
      socket.nsp().to(Rooms.DASHBOARD).emit("staffConnectionUpdate", Json.object().put("action", "disconnected")
          .put("clientId", clientId.asLong()).put("reason", reason).put("timestamp", now())
          .put("totalConnected", socket.nsp().countSockets()));
    }
  }

  // ---- helpers

  private static Principal principal(Socket socket) {
    Principal p = SocketAuth.principal(socket);
    if (p == null) {
      throw QueueError.forbidden("not authenticated");
    }
    return p;
  }

  private static ObjectNode roomAnswer(String room) {
    return Json.object().put("success", true).put("room", room);
  }

  private String now() {
    return QueueStore.iso(clock.getAsLong());
  }
}
