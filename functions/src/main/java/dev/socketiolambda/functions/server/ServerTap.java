package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Sees what the engine's invocations do to sockets, after they did it: rooms joined and left,
 * events sent to one socket and broadcasts ({@link SocketIoServer#tap}). For observers such as the
 * admin UI ({@code dev.socketiolambda.functions.admin.AdminUi}); a tap must not fail and should be
 * cheap, it runs inside the invocation. Code outside the engine ({@link Emitter}: stream rules,
 * HTTP routes, schedules) is seen when its emitter was built with the server
 * ({@link Emitter#Emitter(dev.socketiolambda.functions.fanout.Broadcaster,
 * dev.socketiolambda.functions.store.StateStore, dev.socketiolambda.functions.recovery.Recovery,
 * SocketIoServer)}, as the runtime's is).
 */
public interface ServerTap {
  /** {@code sid} of {@code namespace} joined {@code rooms} (only the rooms it was not in yet). */
  default void roomsJoined(String namespace, String sid, Set<String> rooms) {}

  /** {@code sid} of {@code namespace} left {@code rooms} (only the rooms it was in). */
  default void roomsLeft(String namespace, String sid, Set<String> rooms) {}

  /** An event a client sent, before its listeners run (the client's ack callback is not part of it). */
  default void eventReceived(String namespace, String sid, String event, List<JsonNode> args) {}

  /** An event emitted to one socket ({@code socket.emit}). */
  default void eventSent(String namespace, String sid, String event, List<JsonNode> args) {}

  /**
   * An event broadcast: {@code target} says who it reached (resolve it with
   * {@link BroadcastOperator#fetchSockets} when the recipients are needed).
   */
  default void broadcastSent(BroadcastOperator target, String event, List<JsonNode> args) {}

  /** {@code socket.data} of {@code sid} changed and was saved: {@code data} is its new value (do not change it). */
  default void socketUpdated(String namespace, String sid, ObjectNode data) {}

  /**
   * An invocation of the engine ends (a frame, {@code $connect}, {@code $disconnect}, the open step,
   * a heartbeat tick), or an {@link Emitter}'s operation did: the moment to write what the tap
   * gathered in memory, before Lambda freezes the instance.
   */
  default void invocationEnded() {}
}
