package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns emit arguments into JSON trees: {@link JsonNode}s as they are, strings, numbers, booleans,
 * null, {@code byte[]} (sent as a binary attachment), maps and collections of those. No reflection:
 * convert your own types to {@link JsonNode} first.
 */
public final class Args {
  private Args() {}

  /** The arguments as a list of trees. */
  public static List<JsonNode> of(Object... args) {
    List<JsonNode> out = new ArrayList<>(args == null ? 0 : args.length);
    if (args != null) {
      for (Object a : args) {
        out.add(toNode(a));
      }
    }
    return out;
  }

  /** One value as a tree. */
  public static JsonNode toNode(Object value) {
    JsonNodeFactory f = Json.nodes();
    if (value == null) {
      return f.nullNode();
    } else if (value instanceof JsonNode n) {
      return n;
    } else if (value instanceof String s) {
      return f.textNode(s);
    } else if (value instanceof Boolean b) {
      return f.booleanNode(b);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return f.numberNode(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      return f.numberNode(((Number) value).doubleValue());
    } else if (value instanceof BigInteger b) {
      return f.numberNode(b);
    } else if (value instanceof BigDecimal d) {
      return f.numberNode(d);
    } else if (value instanceof byte[] bytes) {
      return f.binaryNode(bytes.clone());
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode o = f.objectNode();
      map.forEach((k, v) -> o.set(String.valueOf(k), toNode(v)));
      return o;
    } else if (value instanceof Collection<?> c) {
      ArrayNode a = f.arrayNode();
      c.forEach(v -> a.add(toNode(v)));
      return a;
    } else if (value instanceof Object[] arr) {
      ArrayNode a = f.arrayNode();
      for (Object v : arr) {
        a.add(toNode(v));
      }
      return a;
    } else if (value instanceof Record r) {
      return ArgDecoders.Mapper.INSTANCE.valueToTree(r);
    }
    throw new IllegalArgumentException("cannot send a " + value.getClass().getName()
        + " as a Socket.IO argument: convert it to a JsonNode, record, Map, List, String, number, boolean or byte[]");
  }
}
