package dev.socketiolambda.functions.admin;

import java.util.List;
import java.util.Objects;

/**
 * How the admin namespace is set up, as the options of {@code instrument(io, opts)}.
 *
 * @param namespace the admin namespace ({@code /admin})
 * @param watched the namespaces whose sockets and rooms the UI sees (the runtime has no list of
 *     every namespace a client may open: name them)
 * @param auth who may connect
 * @param readonly no actions (disconnect, join, leave, emit): the UI only looks
 * @param serverId the name the UI shows for the server
 * @param development the official {@code mode: "development"}: every socket, room change and event
 *     is sent to the UI ({@code all_sockets}, {@code socket_connected}, {@code room_joined},
 *     {@code event_received}, {@code event_sent}, ...). Each costs admin-namespace broadcasts (and a
 *     broadcast's {@code event_sent} a read of its recipients): use {@link #production()} when the
 *     deployment is busy; the UI then gets only {@code config} and {@code server_stats}.
 */
public record AdminOptions(String namespace, List<String> watched, AdminAuth auth, boolean readonly,
    String serverId, boolean development) {

  public AdminOptions {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(auth, "auth: use AdminAuth.none() to disable authentication explicitly");
    watched = List.copyOf(watched);
    if (watched.contains(namespace)) {
      throw new IllegalArgumentException("the admin namespace " + namespace + " cannot watch itself");
    }
    serverId = serverId == null ? "socketio-lambda" : serverId;
  }

  /** {@code /admin}, watching {@code /}, actions allowed, development mode (as the official default). */
  public static AdminOptions of(AdminAuth auth) {
    return new AdminOptions("/admin", List.of("/"), auth, false, null, true);
  }

  public AdminOptions watching(String... namespaces) {
    return new AdminOptions(namespace, List.of(namespaces), auth, readonly, serverId, development);
  }

  public AdminOptions readOnly() {
    return new AdminOptions(namespace, watched, auth, true, serverId, development);
  }

  /** The official {@code mode: "production"}: no per-socket, per-room or per-event feed. */
  public AdminOptions production() {
    return new AdminOptions(namespace, watched, auth, readonly, serverId, false);
  }
}
