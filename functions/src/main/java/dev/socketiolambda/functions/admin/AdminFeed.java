package dev.socketiolambda.functions.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.server.BroadcastOperator;
import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.ServerTap;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.protocol.json.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The development-mode feeds of the official admin server, as its {@code registerVerboseListeners}:
 * {@code room_joined} / {@code room_left} {@code (nsp, room, id, date)} and {@code event_received} /
 * {@code event_sent} {@code (nsp, id, [event, ...args], date)}, for the watched namespaces. A
 * broadcast is reported as socket.io reports it, one {@code event_sent} per recipient, read from
 * the store; past {@link #MAX_REPORTED_RECIPIENTS} recipients the rest are left out. Emits made
 * through the runtime's {@code Emitter} (stream rules, HTTP routes, schedules) are reported alike.
 * {@code socket_updated {id, nsp, data}} when a listener's change of {@code socket.data} is saved.
 */
final class AdminFeed implements ServerTap {
  /** The most recipients of one broadcast reported to the UI (each is one admin-namespace emit). */
  static final int MAX_REPORTED_RECIPIENTS = 50;

  private final Namespace admin;
  private final List<String> watched;

  AdminFeed(Namespace admin, List<String> watched) {
    this.admin = admin;
    this.watched = watched;
  }

  @Override
  public void roomsJoined(String namespace, String sid, Set<String> rooms) {
    if (watched.contains(namespace)) {
      new TreeSet<>(rooms).forEach(room -> admin.emit("room_joined", namespace, room, sid, now()));
    }
  }

  @Override
  public void roomsLeft(String namespace, String sid, Set<String> rooms) {
    if (watched.contains(namespace)) {
      new TreeSet<>(rooms).forEach(room -> admin.emit("room_left", namespace, room, sid, now()));
    }
  }

  @Override
  public void eventReceived(String namespace, String sid, String event, List<JsonNode> args) {
    if (watched.contains(namespace)) {
      admin.emit("event_received", namespace, sid, eventAndArgs(event, args), now());
    }
  }

  @Override
  public void eventSent(String namespace, String sid, String event, List<JsonNode> args) {
    if (watched.contains(namespace)) {
      admin.emit("event_sent", namespace, sid, eventAndArgs(event, args), now());
    }
  }

  @Override
  public void broadcastSent(BroadcastOperator target, String event, List<JsonNode> args) {
    if (!watched.contains(target.namespace())) {
      return;
    }
    ArrayNode reported = eventAndArgs(event, args);
    String at = now();
    List<Socket> recipients = target.fetchSockets();
    for (Socket socket : recipients.subList(0, Math.min(recipients.size(), MAX_REPORTED_RECIPIENTS))) {
      admin.emit("event_sent", target.namespace(), socket.id(), reported, at);
    }
  }

  /** As the official server's {@code socket.data} proxy: {@code socket_updated {id, nsp, data}}. */
  @Override
  public void socketUpdated(String namespace, String sid, ObjectNode data) {
    if (watched.contains(namespace)) {
      ObjectNode update = Json.object().put("id", sid).put("nsp", namespace);
      update.set("data", data);
      admin.emit("socket_updated", update);
    }
  }

  private static ArrayNode eventAndArgs(String event, List<JsonNode> args) {
    ArrayNode out = Json.array().add(event);
    args.forEach(out::add);
    return out;
  }

  /** A JavaScript {@code Date} as JSON: ISO-8601 with milliseconds. */
  static String now() {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
