package dev.socketiolambda.functions.recovery;

import java.util.Objects;
import java.util.Set;

/**
 * What a disconnected socket leaves for its recovery: kept until {@code expiresAt}.
 *
 * @param namespace its namespace
 * @param sid its socket id
 * @param connectionId the connection it had (broadcasts that excluded it stay excluded)
 * @param rooms its rooms, its own id included
 * @param dataJson {@code socket.data} as JSON text
 * @param disconnectedAt epoch ms of the disconnection
 * @param expiresAt epoch ms after which it is not recovered
 */
public record Session(String namespace, String sid, String connectionId, Set<String> rooms, String dataJson,
    long disconnectedAt, long expiresAt) {

  public Session {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(connectionId, "connectionId");
    rooms = Set.copyOf(rooms);
  }
}
