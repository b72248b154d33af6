package dev.socketiolambda.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.ProtocolException;

/**
 * The narrow JSON seam of the project: parsing into plain trees ({@link JsonNode}) and writing
 * them exactly as JavaScript's {@code JSON.stringify} would. Nothing else touches the JSON library.
 */
public final class Json {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);

  /**
   * Jackson's reader, built on first use: the hand-written reader takes the usual documents, so a
   * cold start does not pay for the ObjectMapper (some 300 classes) until a document needs it.
   */
  private static final class Jackson {
    static final ObjectReader READER;

    static {
      JsonFactory factory = JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(512).build())
          .build();
      ObjectMapper mapper = new ObjectMapper(factory);
      mapper.setNodeFactory(NODES);
      READER = mapper.reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .without(JsonParser.Feature.ALLOW_COMMENTS);
    }
  }

  private Json() {}

  /** Parses one JSON document (whitespace around it allowed, nothing else) into a tree. */
  public static JsonNode parse(String text) {
    return parse(text, 0);
  }

  /**
   * Parses the JSON document that makes up {@code text} from index {@code from} to its end, as
   * {@code parse(text.substring(from))} would, without the copy.
   */
  public static JsonNode parse(String text, int from) {
    if (text == null) {
      throw new ProtocolException("invalid JSON: null input");
    }
    if (from < 0 || from > text.length()) {
      throw new IndexOutOfBoundsException("from " + from + " outside 0.." + text.length());
    }
    // the hand-written reader handles the common case; whatever it declines (including every
    // invalid document) goes to Jackson, whose result or error is the answer
    JsonNode fast = JsReader.tryParse(text, from, NODES);
    if (fast != null) {
      return fast;
    }
    return parseWithJackson(from == 0 ? text : text.substring(from));
  }

  /** Jackson's tree for a document: the reference {@link #parse} must agree with (also used by tests). */
  static JsonNode parseWithJackson(String text) {
    JsonNode node;
    try {
      node = Jackson.READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ProtocolException("invalid JSON: " + e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      throw new ProtocolException("invalid JSON: " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new ProtocolException("invalid JSON: no value");
    }
    return node;
  }

  /** Writes a tree as {@code JSON.stringify} does (number format, escapes, binary as placeholder-free base64 is not allowed here). */
  public static String write(JsonNode node) {
    JsWriter w = new JsWriter(64);
    if (!w.value(node)) {
      throw JsWriter.binaryNotAllowed();
    }
    return w.toString();
  }

  /** Appends the JSON text of a tree to a builder. */
  public static void write(JsonNode node, StringBuilder out) {
    JsWriter.write(node, out);
  }

  /**
   * {@code prefix} followed by the JSON text of a tree, or null when the tree holds a binary value.
   * Lets an encoder write a packet in one go and skip a separate scan for binary values.
   */
  public static String writeUnlessBinary(String prefix, JsonNode node) {
    return JsWriter.writeUnlessBinary(prefix, node);
  }

  /**
   * The value of a JavaScript array-index key (canonical decimal below 2^32 - 1), or -1: JavaScript
   * objects list such keys first, in ascending order, then the others in insertion order.
   */
  public static long arrayIndex(String key) {
    return JsWriter.arrayIndex(key);
  }

  /** Writes a Java string as a JSON string literal, escaped as {@code JSON.stringify} does. */
  public static String quote(String value) {
    JsWriter w = new JsWriter(value.length() + 2);
    w.string(value);
    return w.toString();
  }

  /** The node factory for building trees. */
  public static JsonNodeFactory nodes() {
    return NODES;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A new empty array node. */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }
}
