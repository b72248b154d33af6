package dev.socketiolambda.functions.fanout;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One broadcast: who (namespace, rooms, rooms excepted, a connection left out) and what (the
 * Engine.IO text frames every recipient gets, in order).
 *
 * @param namespace namespace whose sockets are targeted
 * @param rooms rooms to reach; empty = every socket of the namespace
 * @param except rooms whose members are left out
 * @param excludedConnection a connection left out (the sender of {@code socket.to(...)}), or null
 * @param frames the frames each recipient gets
 * @param volatileEmit drop rather than retry deliveries that fail
 * @param eventId an id that identifies this broadcast across retries (stream record id), or null;
 *     the seam where the connection-state-recovery log will record offsets
 */
public record BroadcastRequest(
    String namespace, Set<String> rooms, Set<String> except, String excludedConnection, List<String> frames,
    boolean volatileEmit, String eventId) {

  public BroadcastRequest {
    Objects.requireNonNull(namespace, "namespace");
    rooms = Set.copyOf(rooms);
    except = Set.copyOf(except);
    frames = List.copyOf(frames);
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a broadcast needs at least one frame");
    }
  }
}
