package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.socketiolambda.functions.stream.StreamRecord.EventName;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One validated stream rule: for a table and its INSERT / MODIFY / REMOVE records that meet the
 * condition, an event sent to templated rooms of a namespace with a projected payload. Built by
 * {@link Rules}.
 */
public final class Rule {
  private final String name;
  private final String table;
  private final Set<EventName> on;
  private final Condition when;
  private final String namespace;
  private final String event;
  private final List<Template> rooms;
  private final boolean broadcast;
  private final List<Template> except;
  private final Payload payload;
  private final boolean volatileEmit;
  private final boolean idArgument;

  Rule(String name, String table, Set<EventName> on, Condition when, String namespace, String event,
      List<Template> rooms, boolean broadcast, List<Template> except, Payload payload, boolean volatileEmit,
      boolean idArgument) {
    this.name = name;
    this.table = table;
    this.on = Set.copyOf(on);
    this.when = when;
    this.namespace = namespace;
    this.event = event;
    this.rooms = List.copyOf(rooms);
    this.broadcast = broadcast;
    this.except = List.copyOf(except);
    this.payload = payload;
    this.volatileEmit = volatileEmit;
    this.idArgument = idArgument;
  }

  /** The rule's name (given, or {@code #<position>}); part of every event id it makes. */
  public String name() {
    return name;
  }

  public String table() {
    return table;
  }

  /** The record types it reacts to. */
  public Set<EventName> on() {
    return on;
  }

  public String namespace() {
    return namespace;
  }

  public String event() {
    return event;
  }

  /** The room templates as written. */
  public List<String> rooms() {
    return rooms.stream().map(Template::source).toList();
  }

  /** Whether it reaches every socket of the namespace. */
  public boolean broadcast() {
    return broadcast;
  }

  public List<String> except() {
    return except.stream().map(Template::source).toList();
  }

  public boolean volatileEmit() {
    return volatileEmit;
  }

  /** Whether the event id follows the payload as a last argument, for clients to drop duplicates by. */
  public boolean idArgument() {
    return idArgument;
  }

  /** Whether the record is of this rule's table and type and meets its condition. */
  boolean matches(StreamRecord record, Consumer<String> log) {
    return table.equals(record.tableName()) && on.contains(record.eventName()) && when.holds(record, name, log);
  }

  /**
   * The broadcast for a matching record; empty when no room resolves (a room with an unresolved
   * placeholder is left out and logged, and a rule never falls back to the whole namespace).
   */
  Optional<StreamBroadcast> broadcastFor(StreamRecord record, Instant now, Consumer<String> log) {
    var item = record.item();
    Set<String> to = new LinkedHashSet<>();
    for (Template t : rooms) {
      String room = t.render(item);
      if (room == null) {
        log.accept("rule '" + name + "': room '" + t.source() + "' left out for record " + record.sequenceNumber()
            + " of table " + table + ": attribute '" + t.firstUnresolved(item) + "' is missing or not a "
            + "string, number or boolean");
      } else {
        to.add(room);
      }
    }
    if (!broadcast && to.isEmpty()) {
      log.accept("rule '" + name + "': no room resolved for record " + record.sequenceNumber() + " of table " + table
          + ": nothing sent");
      return Optional.empty();
    }
    Set<String> left = new LinkedHashSet<>();
    for (Template t : except) {
      String room = t.render(item);
      if (room == null) {
        log.accept("rule '" + name + "': except room '" + t.source() + "' left out for record "
            + record.sequenceNumber() + " of table " + table + ": attribute '" + t.firstUnresolved(item)
            + "' is missing");
      } else {
        left.add(room);
      }
    }
    String id = record.broadcastId(name);
    List<JsonNode> args = idArgument ? List.of(payload.build(record, id, now), TextNode.valueOf(id))
        : List.of(payload.build(record, id, now));
    return Optional.of(new StreamBroadcast(name, namespace, event, args, to, left, volatileEmit, id));
  }

  @Override
  public String toString() {
    return "rule '" + name + "' (" + table + " " + on + " -> " + namespace + " " + event + ")";
  }
}
