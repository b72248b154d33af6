package dev.socketiolambda.functions.recovery;

import java.util.List;
import java.util.Optional;

/** Where the event log and the sessions of disconnected sockets are kept: DynamoDB, or memory for tests. */
public interface RecoveryStore {

  /** Logs one broadcast, kept at least until {@code keepUntil} (epoch ms). */
  void append(LoggedEvent event, long keepUntil);

  /**
   * The namespace's events from {@code offset} on (that one included when it is still kept), in
   * offset order, made at or before {@code now}; stops after {@code limit} events.
   */
  List<LoggedEvent> from(String namespace, String offset, long now, int limit);

  /** Keeps a disconnected socket's session under the hash of its private id. */
  void saveSession(String pidHash, Session session);

  /** Removes and returns a session (atomic: one recovery per disconnection). */
  Optional<Session> takeSession(String pidHash);
}
