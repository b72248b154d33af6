package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.stream.StreamRecord.EventName;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates a rule file; every problem is a {@link RuleException} naming the rule and field. */
final class RuleParser {
  static final List<String> TOP_FIELDS = List.of("rules", "tables", "description");
  static final List<String> RULE_FIELDS = List.of("name", "description", "table", "on", "when", "namespace", "event",
      "rooms", "broadcast", "except", "payload", "volatile", "idArgument");
  static final List<String> WHEN_FIELDS = List.of("changed", "equals", "exists", "notExists");
  static final List<String> PAYLOAD_FIELDS = List.of("attributes", "rename", "envelope");
  static final List<String> ENVELOPE_FIELDS = List.of("type", "includeId");
  static final List<String> TABLE_FIELDS = List.of("partitionKey", "sortKey", "partitionKeyType", "sortKeyType");
  /** Events a Socket.IO server refuses to emit. */
  static final Set<String> RESERVED_EVENTS =
      Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  private final String prefix;

  private RuleParser(String source) {
    this.prefix = source == null ? "" : source + ": ";
  }

  static Rules parse(String json, String source) {
    return new RuleParser(source).parse(json);
  }

  private Rules parse(String json) {
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (ProtocolException e) {
      throw fail(invalidJson(e));
    }
    if (!root.isObject()) {
      throw fail("a rule file is a JSON object with a 'rules' array, was " + kind(root));
    }
    unknownFields(root, TOP_FIELDS, "", "top-level field");
    if (root.has("description") && !root.get("description").isTextual()) {
      throw fail("field 'description' must be a string");
    }
    Map<String, DomainTable> tables = tables(root.get("tables"));
    JsonNode rulesNode = root.get("rules");
    if (rulesNode == null) {
      throw fail("missing 'rules' (an array of rule objects, may be empty)");
    }
    if (!rulesNode.isArray()) {
      throw fail("field 'rules' must be an array of rule objects, was " + kind(rulesNode));
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < rulesNode.size(); i++) {
      Rule r = rule(rulesNode.get(i), i + 1, tables);
      Integer earlier = names.putIfAbsent(r.name(), i + 1);
      if (earlier != null) {
        throw fail("rule #" + (i + 1) + ": duplicate name '" + r.name() + "' (also rule #" + earlier + ")");
      }
      rules.add(r);
    }
    return new Rules(rules, List.copyOf(tables.values()));
  }

  private Rule rule(JsonNode node, int position, Map<String, DomainTable> tables) {
    String label = "rule #" + position;
    if (!node.isObject()) {
      throw fail(label + ": must be an object, was " + kind(node));
    }
    String name = "#" + position;
    JsonNode nameNode = node.get("name");
    if (nameNode != null) {
      if (!nameNode.isTextual() || nameNode.textValue().isBlank()) {
        throw fail(label + ": field 'name' must be a non-empty string");
      }
      if (nameNode.textValue().contains("/")) {
        throw fail(label + ": field 'name' must not contain '/' (it is part of event ids), was '"
            + nameNode.textValue() + "'");
      }
      name = nameNode.textValue();
      label = "rule '" + name + "'";
    }
    unknownFields(node, RULE_FIELDS, label + ": ", "field");
    if (node.has("description") && !node.get("description").isTextual()) {
      throw fail(label + ": field 'description' must be a string");
    }

    // table
    JsonNode tableNode = required(node, "table", label);
    if (!tableNode.isTextual() || !TABLE_NAME.matcher(tableNode.textValue()).matches()) {
      throw fail(label + ": field 'table' must be a DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'),"
          + " was " + Json.write(tableNode));
    }
    String table = tableNode.textValue();
    if (!tables.isEmpty() && !tables.containsKey(table)) {
      throw fail(label + ": table '" + table + "' is not declared in 'tables' (declared: "
          + String.join(", ", tables.keySet()) + ")");
    }

    // on
    Set<EventName> on = EnumSet.allOf(EventName.class);
    JsonNode onNode = node.get("on");
    if (onNode != null) {
      if (!onNode.isArray() || onNode.isEmpty()) {
        throw fail(label + ": field 'on' must be a non-empty array of INSERT, MODIFY, REMOVE");
      }
      on = EnumSet.noneOf(EventName.class);
      for (JsonNode v : onNode) {
        EventName e = eventName(v);
        if (e == null) {
          throw fail(label + ": field 'on': " + Json.write(v) + " is not one of INSERT, MODIFY, REMOVE");
        }
        on.add(e);
      }
    }

    Condition when = condition(node.get("when"), label);

    // namespace
    String namespace = "/";
    JsonNode nsNode = node.get("namespace");
    if (nsNode != null) {
      if (!nsNode.isTextual()) {
        throw fail(label + ": field 'namespace' must be a string starting with '/'");
      }
      namespace = nsNode.textValue();
      if (!namespace.startsWith("/")) {
        throw fail(label + ": field 'namespace' must start with '/', was '" + namespace + "'");
      }
      if (namespace.contains(",") || namespace.chars().anyMatch(Character::isWhitespace)) {
        throw fail(label + ": field 'namespace' must not contain ',' or blanks, was '" + namespace + "'");
      }
    }

    // event
    JsonNode eventNode = required(node, "event", label);
    if (!eventNode.isTextual() || eventNode.textValue().isEmpty()) {
      throw fail(label + ": field 'event' must be a non-empty string");
    }
    String event = eventNode.textValue();
    if (RESERVED_EVENTS.contains(event)) {
      throw fail(label + ": field 'event': '" + event + "' is reserved by Socket.IO (connect, connect_error, "
          + "disconnect, disconnecting, newListener, removeListener)");
    }

    // rooms / broadcast
    boolean broadcast = flag(node, "broadcast", label);
    JsonNode roomsNode = node.get("rooms");
    List<Template> rooms = List.of();
    if (broadcast && roomsNode != null) {
      throw fail(label + ": 'rooms' and \"broadcast\": true exclude each other (broadcast reaches every socket "
          + "of the namespace)");
    }
    if (!broadcast) {
      if (roomsNode == null) {
        throw fail(label + ": missing 'rooms' (or set \"broadcast\": true to reach every socket of the namespace)");
      }
      if (!roomsNode.isArray() || roomsNode.isEmpty()) {
        throw fail(label + ": field 'rooms' must be a non-empty array of strings");
      }
      rooms = templates(roomsNode, "rooms", label, true);
    }
    List<Template> except = List.of();
    JsonNode exceptNode = node.get("except");
    if (exceptNode != null) {
      if (!exceptNode.isArray()) {
        throw fail(label + ": field 'except' must be an array of strings");
      }
      except = templates(exceptNode, "except", label, false);
    }

    Payload payload = payload(node.get("payload"), label, event);

    return new Rule(name, table, on, when, namespace, event, rooms, broadcast, except, payload,
        flag(node, "volatile", label), flag(node, "idArgument", label));
  }

  /** An optional boolean field of a rule, false when absent. */
  private boolean flag(JsonNode rule, String field, String label) {
    JsonNode value = rule.get(field);
    if (value != null && !value.isBoolean()) {
      throw fail(label + ": field '" + field + "' must be true or false");
    }
    return value != null && value.booleanValue();
  }

  private List<Template> templates(JsonNode array, String field, String label, boolean nonEmpty) {
    List<Template> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode v = array.get(i);
      if (!v.isTextual() || v.textValue().isEmpty()) {
        throw fail(label + ": field '" + field + "' must be " + (nonEmpty ? "a non-empty " : "an ")
            + "array of strings; " + field + "[" + i + "] is " + (v.isTextual() ? "empty" : kind(v)));
      }
      try {
        out.add(Template.parse(v.textValue()));
      } catch (IllegalArgumentException e) {
        throw fail(label + ": field '" + field + "[" + i + "]': " + e.getMessage());
      }
    }
    return out;
  }

  private Condition condition(JsonNode when, String label) {
    if (when == null) {
      return Condition.ALWAYS;
    }
    if (!when.isObject()) {
      throw fail(label + ": field 'when' must be an object (changed, equals, exists, notExists)");
    }
    unknownFields(when, WHEN_FIELDS, label + ": ", "condition", "when.");
    Map<AttributePath, JsonNode> equals = new LinkedHashMap<>();
    JsonNode eq = when.get("equals");
    if (eq != null) {
      if (!eq.isObject() || eq.isEmpty()) {
        throw fail(label + ": field 'when.equals' must be a non-empty object of attribute -> value");
      }
      Iterator<Map.Entry<String, JsonNode>> it = eq.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        equals.put(path(e.getKey(), "when.equals", label), e.getValue());
      }
    }
    return new Condition(paths(when.get("changed"), "when.changed", label), equals,
        paths(when.get("exists"), "when.exists", label), paths(when.get("notExists"), "when.notExists", label));
  }

  private List<AttributePath> paths(JsonNode node, String field, String label) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray() || node.isEmpty()) {
      throw fail(label + ": field '" + field + "' must be a non-empty array of attribute names");
    }
    List<AttributePath> out = new ArrayList<>();
    for (JsonNode v : node) {
      if (!v.isTextual()) {
        throw fail(label + ": field '" + field + "' must be a non-empty array of attribute names; "
            + Json.write(v) + " is not a string");
      }
      out.add(path(v.textValue(), field, label));
    }
    return List.copyOf(out);
  }

  private AttributePath path(String text, String field, String label) {
    try {
      return AttributePath.parse(text);
    } catch (IllegalArgumentException e) {
      throw fail(label + ": field '" + field + "': " + e.getMessage());
    }
  }

  private Payload payload(JsonNode node, String label, String event) {
    if (node == null) {
      return Payload.WHOLE_ITEM;
    }
    if (!node.isObject()) {
      throw fail(label + ": field 'payload' must be an object (attributes, rename, envelope)");
    }
    unknownFields(node, PAYLOAD_FIELDS, label + ": ", "field", "payload.");
    List<AttributePath> attributes = null;
    if (node.has("attributes")) {
      attributes = paths(node.get("attributes"), "payload.attributes", label);
      Set<String> seen = new HashSet<>();
      for (AttributePath p : attributes) {
        if (!seen.add(p.text())) {
          throw fail(label + ": field 'payload.attributes': '" + p.text() + "' is listed twice");
        }
      }
    }
    Map<String, String> rename = new LinkedHashMap<>();
    JsonNode renameNode = node.get("rename");
    if (renameNode != null) {
      if (!renameNode.isObject() || renameNode.isEmpty()) {
        throw fail(label + ": field 'payload.rename' must be a non-empty object of attribute -> new name");
      }
      Set<String> kept = new LinkedHashSet<>();
      if (attributes != null) {
        attributes.forEach(p -> kept.add(p.first()));
      }
      Iterator<Map.Entry<String, JsonNode>> it = renameNode.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String from = e.getKey();
        JsonNode to = e.getValue();
        if (from.isEmpty() || !to.isTextual() || to.textValue().isEmpty()) {
          throw fail(label + ": field 'payload.rename': '" + from + "' must map to a non-empty string");
        }
        if (attributes != null && !kept.contains(from)) {
          throw fail(label + ": field 'payload.rename': '" + from + "' is not a top-level name in "
              + "'payload.attributes'");
        }
        rename.put(from, to.textValue());
      }
      Set<String> names = new HashSet<>();
      for (String k : kept) {
        String out = rename.getOrDefault(k, k);
        if (!names.add(out)) {
          throw fail(label + ": field 'payload.rename': two attributes would both be named '" + out + "'");
        }
      }
      Set<String> targets = new HashSet<>();
      for (String target : rename.values()) {
        if (!targets.add(target)) {
          throw fail(label + ": field 'payload.rename': two attributes would both be named '" + target + "'");
        }
      }
    }
    Payload.Envelope envelope = null;
    JsonNode env = node.get("envelope");
    if (env != null && !(env.isBoolean() && !env.booleanValue())) {
      if (env.isBoolean()) {
        envelope = new Payload.Envelope(event, true);
      } else if (env.isObject()) {
        unknownFields(env, ENVELOPE_FIELDS, label + ": ", "field", "payload.envelope.");
        String type = event;
        JsonNode typeNode = env.get("type");
        if (typeNode != null) {
          if (!typeNode.isTextual() || typeNode.textValue().isEmpty()) {
            throw fail(label + ": field 'payload.envelope.type' must be a non-empty string");
          }
          type = typeNode.textValue();
        }
        boolean includeId = true;
        JsonNode idNode = env.get("includeId");
        if (idNode != null) {
          if (!idNode.isBoolean()) {
            throw fail(label + ": field 'payload.envelope.includeId' must be true or false");
          }
          includeId = idNode.booleanValue();
        }
        envelope = new Payload.Envelope(type, includeId);
      } else {
        throw fail(label + ": field 'payload.envelope' must be an object ({type, includeId}) or a boolean");
      }
    }
    return new Payload(attributes, Map.copyOf(rename), envelope);
  }

  private Map<String, DomainTable> tables(JsonNode node) {
    Map<String, DomainTable> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!node.isObject()) {
      throw fail("field 'tables' must be an object of table name -> {partitionKey, sortKey}");
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String label = "table '" + name + "'";
      if (!TABLE_NAME.matcher(name).matches()) {
        throw fail(label + ": not a DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, '_', '-', '.')");
      }
      JsonNode t = e.getValue();
      if (!t.isObject()) {
        throw fail(label + ": must be an object {partitionKey, sortKey}");
      }
      unknownFields(t, TABLE_FIELDS, label + ": ", "field");
      JsonNode pk = t.get("partitionKey");
      if (pk == null || !pk.isTextual() || pk.textValue().isEmpty()) {
        throw fail(label + ": field 'partitionKey' must be a non-empty string");
      }
      JsonNode sk = t.get("sortKey");
      String sortKey = null;
      if (sk != null && !sk.isNull()) {
        if (!sk.isTextual() || sk.textValue().isEmpty()) {
          throw fail(label + ": field 'sortKey' must be a non-empty string or null");
        }
        sortKey = sk.textValue();
        if (sortKey.equals(pk.textValue())) {
          throw fail(label + ": 'sortKey' and 'partitionKey' must differ");
        }
      }
      String pkType = keyType(t, "partitionKeyType", label);
      String skType = keyType(t, "sortKeyType", label);
      if (skType != null && sortKey == null) {
        throw fail(label + ": field 'sortKeyType' given without a 'sortKey'");
      }
      out.put(name, new DomainTable(name, pk.textValue(), sortKey, pkType, skType));
    }
    return out;
  }

  private String keyType(JsonNode t, String field, String label) {
    JsonNode v = t.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || !Set.of("S", "N", "B").contains(v.textValue())) {
      throw fail(label + ": field '" + field + "' must be \"S\", \"N\" or \"B\", was " + Json.write(v));
    }
    return v.textValue();
  }

  private JsonNode required(JsonNode node, String field, String label) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw fail(label + ": missing '" + field + "'");
    }
    return v;
  }

  private void unknownFields(JsonNode node, List<String> known, String label, String what) {
    unknownFields(node, known, label, what, "");
  }

  private void unknownFields(JsonNode node, List<String> known, String label, String what, String fieldPrefix) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        throw fail(label + "unknown " + what + " '" + fieldPrefix + n + "' (known: " + String.join(", ", known)
            + ")");
      }
    }
  }

  private static EventName eventName(JsonNode v) {
    if (!v.isTextual()) {
      return null;
    }
    for (EventName e : EventName.values()) {
      if (e.name().equals(v.textValue())) {
        return e;
      }
    }
    return null;
  }

  private static String invalidJson(ProtocolException e) {
    Throwable c = e.getCause();
    if (c instanceof JsonProcessingException j) {
      JsonLocation at = j.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return "invalid JSON" + where + ": " + j.getOriginalMessage();
    }
    return e.getMessage();
  }

  private static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private RuleException fail(String message) {
    return new RuleException(prefix + message);
  }
}
