package dev.socketiolambda.functions.recovery;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One broadcast as the log keeps it: its offset, whom it targeted and the frames every recipient got
 * (the offset already their last argument). Logged once per broadcast, not per recipient.
 *
 * @param offset where the event sits in the namespace's log
 * @param namespace the namespace
 * @param rooms rooms targeted; empty = the whole namespace
 * @param except rooms left out
 * @param excludedConnection a connection left out (the sender of {@code socket.broadcast}), or null
 * @param frames the Engine.IO text frames of the event
 */
public record LoggedEvent(String offset, String namespace, Set<String> rooms, Set<String> except,
    String excludedConnection, List<String> frames) {

  public LoggedEvent {
    Objects.requireNonNull(offset, "offset");
    Objects.requireNonNull(namespace, "namespace");
    rooms = Set.copyOf(rooms);
    except = Set.copyOf(except);
    frames = List.copyOf(frames);
  }

  /** Whether the broadcast reached the socket a session describes (as the fan-out decides it). */
  boolean reaches(Session session) {
    if (!namespace.equals(session.namespace()) || session.connectionId().equals(excludedConnection)) {
      return false;
    }
    boolean targeted = rooms.isEmpty() || !Collections.disjoint(rooms, session.rooms());
    return targeted && Collections.disjoint(except, session.rooms());
  }
}
