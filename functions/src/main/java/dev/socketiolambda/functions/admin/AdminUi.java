package dev.socketiolambda.functions.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.polling.PollingIds;
import dev.socketiolambda.functions.server.BroadcastOperator;
import dev.socketiolambda.functions.server.Handshake;
import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.server.Emitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The server side of the official {@code @socket.io/admin-ui} ({@code instrument(io, opts)} of the
 * npm package, protocol of its version 0.5): an admin namespace whose sockets receive
 * {@code config}, {@code all_sockets} and {@code server_stats} when they connect, then
 * {@code socket_connected} / {@code socket_disconnected} as sockets of the watched namespaces come
 * and go; unless read-only, the UI's {@code _disconnect}, {@code join} and {@code leave} actions
 * act on a namespace or a room of it. Sockets and rooms are read from the state store
 * ({@code fetchSockets}), so every function instance sees the same picture. In development mode
 * (the default, as the official server's) {@link AdminFeed} also sends room changes and events.
 * {@code server_stats} is sent when a UI connects and, with {@link #scheduleStats}, periodically,
 * with the per-second counts of {@link AdminTraffic} ({@code aggregatedEvents}).
 */
public final class AdminUi {
  static final List<String> ACTIONS = List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT");
  /** Always sent by the official server; {@code ALL_EVENTS} in development mode only. */
  static final String AGGREGATED_EVENTS = "AGGREGATED_EVENTS";
  static final String ALL_EVENTS = "ALL_EVENTS";
  /** How often {@link #scheduleStats} pushes {@code server_stats} by default. */
  public static final Duration STATS_PERIOD = Duration.ofSeconds(5);
  static final String STATS_SCHEDULE = "admin-server-stats";
  private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "cookie", "sec-websocket-key");
  private static final long STARTED = System.currentTimeMillis();

  private final SocketIoServer io;
  private final AdminOptions options;

  private AdminUi(SocketIoServer io, AdminOptions options) {
    this.io = io;
    this.options = options;
  }

  /** Adds the admin namespace and its listeners to {@code io}; call it at the end of {@code configure}. */
  public static void instrument(SocketIoServer io, AdminOptions options) {
    new AdminUi(io, options).register();
  }

  private void register() {
    Namespace admin = io.of(options.namespace());
    AdminTraffic traffic = new AdminTraffic(io::counters, () -> admin.in().countSockets() > 0,
        System::currentTimeMillis);
    io.tap(traffic);
    admin.use(socket -> options.auth().check(socket.handshake().auth()));
    admin.onConnection(socket -> {
      traffic.uiArrived();
      String session = options.auth().sessionFor(socket.handshake().auth());
      if (session != null) {
        socket.emit("session", session);
      }
      socket.emit("config", Json.object().set("supportedFeatures", features()));
      if (options.development()) {
        socket.emit("all_sockets", allSockets());
      }
      socket.emit("server_stats", serverStats());
    });
    if (!options.readonly()) {
      admin.on("_disconnect", (socket, args, ack) -> target(args, 2).disconnectSockets(args.size() > 1
          && args.get(1).asBoolean()));
      admin.on("join", (socket, args, ack) -> target(args, 2).socketsJoin(text(args, 1)));
      admin.on("leave", (socket, args, ack) -> target(args, 2).socketsLeave(text(args, 1)));
      admin.on("emit", (socket, args, ack) -> emit(args));
    }
    if (!options.development()) {
      return;
    }
    for (String name : options.watched()) {
      Namespace nsp = io.of(name);
      nsp.onConnection(socket -> admin.emit("socket_connected", serialize(socket), AdminFeed.now()));
      nsp.onDisconnect((socket, reason) -> admin.emit("socket_disconnected", name, socket.id(), reason,
          AdminFeed.now()));
    }
    io.tap(new AdminFeed(admin, options.watched()));
  }

  ArrayNode features() {
    ArrayNode features = Json.array();
    if (!options.readonly()) {
      ACTIONS.forEach(features::add);
    }
    features.add(AGGREGATED_EVENTS);
    if (options.development()) {
      features.add(ALL_EVENTS);
    }
    return features;
  }

  /** {@code io.of(nsp)} or {@code io.of(nsp).in(filter)}, from the action's arguments {@code (nsp, ..., filter)}. */
  private dev.socketiolambda.functions.server.BroadcastOperator target(List<JsonNode> args, int filterAt) {
    String nsp = text(args, 0);
    if (!options.watched().contains(nsp)) {
      throw new IllegalArgumentException("namespace not watched by the admin UI: " + nsp);
    }
    String filter = args.size() > filterAt && args.get(filterAt).isTextual() ? args.get(filterAt).asText() : null;
    return filter == null || filter.isEmpty() ? io.of(nsp).in() : io.of(nsp).in(filter);
  }

  private void emit(List<JsonNode> args) {
    String event = text(args, 2);
    Object[] rest = args.subList(3, args.size()).toArray();
    target(args, 1).emit(event, rest);
  }

  private static String text(List<JsonNode> args, int index) {
    if (args.size() <= index || !args.get(index).isTextual() || args.get(index).asText().isEmpty()) {
      throw new IllegalArgumentException("argument " + index + " must be a non-empty string");
    }
    return args.get(index).asText();
  }

  ArrayNode allSockets() {
    ArrayNode all = Json.array();
    for (String name : options.watched()) {
      for (Socket socket : io.of(name).fetchSockets()) {
        all.add(serialize(socket));
      }
    }
    return all;
  }

  /** The stats a UI gets when it connects: no {@code aggregatedEvents} yet (the schedule sends them). */
  ObjectNode serverStats() {
    return serverStats(options, name -> io.of(name).in(), Json.array());
  }

  /**
   * Adds the periodic {@code server_stats} push to an app's schedules (the official server pushes
   * every 2 s from a timer; here a schedule, {@link #STATS_PERIOD} by default): each tick counts the
   * admin namespace's sockets and, when a UI is connected, the watched namespaces' sockets (a
   * DynamoDB count query each) and reads the per-second counts of the period before it
   * ({@link AdminTraffic}: one BatchGetItem), then emits {@code server_stats} to the UIs. Call it
   * from the app's {@code ScheduledApp.schedules}.
   */
  public static void scheduleStats(Schedules schedules, AdminOptions options, Duration period) {
    schedules.every(period, STATS_SCHEDULE, tick -> pushStats(tick.emitter(), options, tick.dueAt().toEpochMilli(),
        period.toMillis()));
  }

  public static void scheduleStats(Schedules schedules, AdminOptions options) {
    scheduleStats(schedules, options, STATS_PERIOD);
  }

  /** Emits {@code server_stats} to the admin namespace when a UI is connected; returns whether one was. */
  static boolean pushStats(Emitter emitter, AdminOptions options, long dueAtMs, long periodMs) {
    if (emitter.of(options.namespace()).countSockets() == 0) {
      return false;
    }
    long[] seconds = AdminTraffic.window(dueAtMs, periodMs);
    ArrayNode events = AdminTraffic.read(emitter.counters(), seconds[0], seconds[1]);
    emitter.of(options.namespace()).emit("server_stats", serverStats(options, emitter::of, events));
    return true;
  }

  /**
   * {@code clientsCount} and {@code pollingClientsCount} count the sockets of the watched namespaces (a count
   * query per namespace, and one more for a namespace with sockets), where the official server counts
   * Engine.IO clients: a client in two watched namespaces counts twice.
   */
  static ObjectNode serverStats(AdminOptions options, Function<String, BroadcastOperator> namespaceOf,
      ArrayNode aggregatedEvents) {
    ArrayNode namespaces = Json.array();
    int clients = 0;
    int polling = 0;
    for (String name : options.watched()) {
      BroadcastOperator sockets = namespaceOf.apply(name);
      int count = sockets.countSockets();
      clients += count;
      polling += count == 0 ? 0 : sockets.countPollingSockets();
      namespaces.addObject().put("name", name).put("socketsCount", count);
    }
    ObjectNode stats = Json.object()
        .put("serverId", options.serverId())
        .put("hostname", options.serverId())
        .put("pid", ProcessHandle.current().pid())
        .put("uptime", (System.currentTimeMillis() - STARTED) / 1000.0)
        .put("clientsCount", clients)
        .put("pollingClientsCount", polling);
    stats.set("aggregatedEvents", aggregatedEvents);
    stats.set("namespaces", namespaces);
    return stats;
  }

  /** A socket as the UI reads it; authorization and cookie headers are left out. */
  static ObjectNode serialize(Socket socket) {
    Handshake handshake = socket.handshake();
    ObjectNode headers = Json.object();
    for (Map.Entry<String, String> h : handshake.headers().entrySet()) {
      if (!HIDDEN_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.put(h.getKey(), h.getValue());
      }
    }
    ObjectNode query = Json.object();
    handshake.query().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
    ObjectNode out = Json.object()
        .put("id", socket.id())
        .put("clientId", socket.connectionId())
        .put("transport", PollingIds.isPolling(socket.connectionId()) ? "polling" : "websocket")
        .put("nsp", socket.namespace());
    out.set("data", socket.data().deepCopy());
    ObjectNode hs = out.putObject("handshake")
        .put("address", handshake.address())
        .put("issued", handshake.issued())
        .put("secure", true)
        .put("time", handshake.time())
        .put("url", "/socket.io/")
        .put("xdomain", handshake.header("origin") != null);
    hs.set("headers", headers);
    hs.set("query", query);
    ArrayNode rooms = out.putArray("rooms");
    new ArrayList<>(socket.rooms()).stream().sorted().forEach(rooms::add);
    return out;
  }
}
