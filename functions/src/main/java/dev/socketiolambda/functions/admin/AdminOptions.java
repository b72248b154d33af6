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
 */
public record AdminOptions(String namespace, List<String> watched, AdminAuth auth, boolean readonly,
    String serverId) {

  public AdminOptions {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(auth, "auth: use AdminAuth.none() to disable authentication explicitly");
    watched = List.copyOf(watched);
    if (watched.contains(namespace)) {
      throw new IllegalArgumentException("the admin namespace " + namespace + " cannot watch itself");
    }
    serverId = serverId == null ? "socketio-lambda" : serverId;
  }

  /** {@code /admin}, watching {@code /}, actions allowed. */
  public static AdminOptions of(AdminAuth auth) {
    return new AdminOptions("/admin", List.of("/"), auth, false, null);
  }

  public AdminOptions watching(String... namespaces) {
    return new AdminOptions(namespace, List.of(namespaces), auth, readonly, serverId);
  }

  public AdminOptions readOnly() {
    return new AdminOptions(namespace, watched, auth, true, serverId);
  }
}
