package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts the DynamoDB JSON of stream events ({@code {"S":"a"}}, {@code {"N":"1.5"}},
 * {@code {"M":{..}}}...) into plain JSON trees: S as text, N as an exact number (a long, a
 * BigInteger beyond long, a BigDecimal when it has a fraction or exponent), BOOL, NULL as null, M
 * as an object, L as an array, SS/NS/BS as arrays, and B as base64 text (or a binary node, sent as
 * a Socket.IO attachment, with {@link Binary#NODE}). Also writes SDK {@link AttributeValue}s as
 * DynamoDB JSON, the shape a local stream poller hands to the stream function.
 */
public final class DynamoJson {
  /** How B and BS values come out. */
  public enum Binary {
    /** Base64 text, as in the event (the default: fits in JSON payloads). */
    BASE64,
    /** Binary nodes, which the Emitter sends as Socket.IO binary attachments. */
    NODE
  }

  private static final JsonNodeFactory NODES = Json.nodes();

  private DynamoJson() {}

  /** An item or image ({@code {"attr":{"S":..},..}}) as a plain object; binary as base64 text. */
  public static ObjectNode toPlainItem(JsonNode item) {
    return toPlainItem(item, Binary.BASE64);
  }

  /** An item or image as a plain object. */
  public static ObjectNode toPlainItem(JsonNode item, Binary binary) {
    if (item == null || !item.isObject()) {
      throw new StreamEventException("a DynamoDB item must be an object of attribute values, was " + describe(item));
    }
    ObjectNode out = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = item.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(e.getKey(), convert(e.getValue(), binary, e.getKey()));
    }
    return out;
  }

  /** One attribute value ({@code {"N":"42"}}) as a plain value; binary as base64 text. */
  public static JsonNode toPlain(JsonNode attributeValue) {
    return toPlain(attributeValue, Binary.BASE64);
  }

  /** One attribute value as a plain value. */
  public static JsonNode toPlain(JsonNode attributeValue, Binary binary) {
    return convert(attributeValue, binary, "$");
  }

  private static JsonNode convert(JsonNode av, Binary binary, String path) {
    if (av == null || !av.isObject() || av.size() != 1) {
      throw new StreamEventException("attribute '" + path + "': an attribute value is an object with exactly one "
          + "type key (S, N, B, BOOL, NULL, M, L, SS, NS, BS), was " + describe(av));
    }
    Map.Entry<String, JsonNode> only = av.fields().next();
    String type = only.getKey();
    JsonNode v = only.getValue();
    switch (type) {
      case "S":
        return NODES.textNode(text(v, path, type));
      case "N":
        return number(text(v, path, type), path);
      case "B":
        return binary(text(v, path, type), binary, path);
      case "BOOL":
        if (!v.isBoolean()) {
          throw bad(path, type, "a boolean", v);
        }
        return NODES.booleanNode(v.booleanValue());
      case "NULL":
        if (!v.isBoolean()) {
          throw bad(path, type, "true", v);
        }
        return NODES.nullNode();
      case "M": {
        if (!v.isObject()) {
          throw bad(path, type, "an object", v);
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          out.set(e.getKey(), convert(e.getValue(), binary, path + "." + e.getKey()));
        }
        return out;
      }
      case "L": {
        ArrayNode out = NODES.arrayNode();
        int i = 0;
        for (JsonNode element : array(v, path, type)) {
          out.add(convert(element, binary, path + "[" + i++ + "]"));
        }
        return out;
      }
      case "SS": {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode element : array(v, path, type)) {
          out.add(NODES.textNode(text(element, path, type)));
        }
        return out;
      }
      case "NS": {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode element : array(v, path, type)) {
          out.add(number(text(element, path, type), path));
        }
        return out;
      }
      case "BS": {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode element : array(v, path, type)) {
          out.add(binary(text(element, path, type), binary, path));
        }
        return out;
      }
      default:
        throw new StreamEventException("attribute '" + path + "': unknown DynamoDB type '" + type
            + "' (known: S, N, B, BOOL, NULL, M, L, SS, NS, BS)");
    }
  }

  /** A DynamoDB number (up to 38 digits) as an exact JSON number. */
  static JsonNode number(String text, String path) {
    String t = text.trim();
    try {
      if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
        BigInteger big = new BigInteger(t);
        return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
      }
      return NODES.numberNode(new BigDecimal(t));
    } catch (NumberFormatException e) {
      throw new StreamEventException("attribute '" + path + "': N value '" + text + "' is not a number", e);
    }
  }

  private static JsonNode binary(String base64, Binary binary, String path) {
    if (binary == Binary.BASE64) {
      return NODES.textNode(base64);
    }
    try {
      return NODES.binaryNode(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new StreamEventException("attribute '" + path + "': B value is not base64", e);
    }
  }

  private static String text(JsonNode v, String path, String type) {
    if (!v.isTextual()) {
      throw bad(path, type, "a string", v);
    }
    return v.textValue();
  }

  private static JsonNode array(JsonNode v, String path, String type) {
    if (!v.isArray()) {
      throw bad(path, type, "an array", v);
    }
    return v;
  }

  private static StreamEventException bad(String path, String type, String expected, JsonNode v) {
    return new StreamEventException("attribute '" + path + "': " + type + " must hold " + expected + ", was "
        + describe(v));
  }

  private static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    String text = Json.write(v);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  // ---- SDK attribute values -> DynamoDB JSON (what a stream poller writes into the event) ----

  /** An SDK item or image as the DynamoDB JSON of a Lambda stream event. */
  public static ObjectNode fromSdk(Map<String, AttributeValue> item) {
    ObjectNode out = NODES.objectNode();
    item.forEach((k, v) -> out.set(k, fromSdk(v)));
    return out;
  }

  /** One SDK attribute value as DynamoDB JSON ({@code {"S":"a"}}). */
  public static ObjectNode fromSdk(AttributeValue v) {
    ObjectNode out = NODES.objectNode();
    if (v.s() != null) {
      out.put("S", v.s());
    } else if (v.n() != null) {
      out.put("N", v.n());
    } else if (v.b() != null) {
      out.put("B", base64(v.b()));
    } else if (v.bool() != null) {
      out.put("BOOL", v.bool());
    } else if (Boolean.TRUE.equals(v.nul())) {
      out.put("NULL", true);
    } else if (v.hasM()) {
      out.set("M", fromSdk(v.m()));
    } else if (v.hasL()) {
      ArrayNode a = out.putArray("L");
      v.l().forEach(e -> a.add(fromSdk(e)));
    } else if (v.hasSs()) {
      strings(out.putArray("SS"), v.ss());
    } else if (v.hasNs()) {
      strings(out.putArray("NS"), v.ns());
    } else if (v.hasBs()) {
      ArrayNode a = out.putArray("BS");
      v.bs().forEach(b -> a.add(base64(b)));
    } else {
      throw new StreamEventException("attribute value has no type: " + v);
    }
    return out;
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }
}
