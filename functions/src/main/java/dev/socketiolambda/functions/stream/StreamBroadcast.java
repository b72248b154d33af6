package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.server.Args;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One broadcast made from a stream record, by a rule or a {@link StreamHook}; it is sent through
 * the {@link dev.socketiolambda.functions.server.BroadcastOperator} of an
 * {@link dev.socketiolambda.functions.server.Emitter}, as every broadcast.
 *
 * @param name the rule (or hook broadcast) name; part of the event id, so keep it stable
 * @param namespace namespace, starting with '/'
 * @param event the event name
 * @param args the event arguments
 * @param rooms the rooms to reach; <b>empty means every socket of the namespace</b>, as with the Emitter
 * @param except rooms whose members are left out
 * @param volatileEmit whether failed deliveries are dropped rather than retried (and never fail the record)
 * @param eventId identifies the broadcast across retries; null lets the processor derive
 *     {@code <record eventID>/<name>} ({@link StreamRecord#broadcastId})
 */
public record StreamBroadcast(
    String name, String namespace, String event, List<JsonNode> args, Set<String> rooms, Set<String> except,
    boolean volatileEmit, String eventId) {

  public StreamBroadcast {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a stream broadcast needs a name");
    }
    if (namespace == null || !namespace.startsWith("/")) {
      throw new IllegalArgumentException("namespace must start with '/', was " + namespace);
    }
    if (event == null || event.isEmpty()) {
      throw new IllegalArgumentException("a stream broadcast needs an event name");
    }
    args = List.copyOf(args);
    rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
    except = Collections.unmodifiableSet(new LinkedHashSet<>(except));
  }

  /**
   * A broadcast to rooms (none = the whole namespace) of a namespace; the arguments follow
   * {@link Args} (JsonNode, String, number, boolean, Map, List...).
   */
  public static StreamBroadcast to(String name, String namespace, String event, Collection<String> rooms,
      Object... args) {
    return new StreamBroadcast(name, namespace, event, Args.of(args), new LinkedHashSet<>(rooms), Set.of(), false,
        null);
  }

  /** The same broadcast without the members of these rooms. */
  public StreamBroadcast except(String... more) {
    Set<String> all = new LinkedHashSet<>(except);
    Collections.addAll(all, more);
    return new StreamBroadcast(name, namespace, event, args, rooms, all, volatileEmit, eventId);
  }

  /** The same broadcast, volatile (the spelling of {@link dev.socketiolambda.functions.server.BroadcastOperator}). */
  public StreamBroadcast volatileEmit(boolean on) {
    return new StreamBroadcast(name, namespace, event, args, rooms, except, on, eventId);
  }

  /** The same broadcast with an explicit event id. */
  public StreamBroadcast withEventId(String id) {
    return new StreamBroadcast(name, namespace, event, args, rooms, except, volatileEmit, id);
  }
}
