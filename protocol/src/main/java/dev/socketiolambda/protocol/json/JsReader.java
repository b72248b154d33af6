package dev.socketiolambda.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Single-pass JSON reader for the common case: builds the same Jackson trees as
 * {@code ObjectReader.readTree} with {@link Json}'s settings (same node classes, same number types,
 * duplicate keys resolved the same way), without Jackson's tokeniser and deserialization context.
 *
 * <p>It never rejects anything itself: on input it does not handle (invalid JSON, very long
 * strings, names or numbers, integers of 19 digits or more, deep nesting, any character Jackson
 * might treat specially) it <em>declines</em> by returning null, and {@link Json#parse} hands the
 * text to Jackson, whose result or error is then the answer. So what is accepted, what is rejected
 * and the error messages stay exactly Jackson's; this class only has to be right on what it accepts.
 */
final class JsReader {
  /** Deeper documents go to Jackson (its limit is 512). */
  static final int MAX_DEPTH = 256;
  /** Longer strings go to Jackson (far below its limits of 20,000,000 chars for values, 50,000 for names). */
  static final int MAX_STRING = 1 << 20;
  static final int MAX_NAME = 1000;
  /** Longer numbers go to Jackson (its limit is 1000 chars). */
  static final int MAX_NUMBER = 100;

  /** Names up to this length are canonicalised. */
  private static final int MAX_CANONICAL_NAME = 32;
  /** Direct-mapped cache of recent member names (shared, racy by design: entries are immutable Strings). */
  private static final String[] NAMES = new String[512];

  private static final double[] POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  private final String s;
  private final int end;
  private final JsonNodeFactory nodes;
  private int pos;
  private int depth;

  private JsReader(String s, int from, JsonNodeFactory nodes) {
    this.s = s;
    this.pos = from;
    this.end = s.length();
    this.nodes = nodes;
  }

  /** The tree of {@code s} from {@code from} to its end, or null when this reader declines. */
  static JsonNode tryParse(String s, int from, JsonNodeFactory nodes) {
    JsReader r = new JsReader(s, from, nodes);
    r.skipWhitespace();
    JsonNode v = r.value();
    if (v == null) {
      return null;
    }
    r.skipWhitespace();
    return r.pos == r.end ? v : null;
  }

  private void skipWhitespace() {
    while (pos < end) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private JsonNode value() {
    if (pos >= end) {
      return null;
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"': {
        String text = string(MAX_STRING);
        return text == null ? null : nodes.textNode(text);
      }
      case 't':
        return literal("true") ? nodes.booleanNode(true) : null;
      case 'f':
        return literal("false") ? nodes.booleanNode(false) : null;
      case 'n':
        return literal("null") ? nodes.nullNode() : null;
      default:
        return c == '-' || (c >= '0' && c <= '9') ? number() : null;
    }
  }

  private boolean literal(String word) {
    if (!s.startsWith(word, pos)) {
      return false;
    }
    pos += word.length();
    return true; // whatever follows is checked by the caller (",", "]", "}", whitespace or the end)
  }

  private JsonNode object() {
    if (++depth > MAX_DEPTH) {
      return null;
    }
    pos++; // '{'
    skipWhitespace();
    if (pos < end && s.charAt(pos) == '}') {
      pos++;
      depth--;
      return nodes.objectNode();
    }
    LinkedHashMap<String, JsonNode> members = new LinkedHashMap<>();
    while (true) {
      if (pos >= end || s.charAt(pos) != '"') {
        return null;
      }
      String name = name();
      if (name == null) {
        return null;
      }
      skipWhitespace();
      if (pos >= end || s.charAt(pos) != ':') {
        return null;
      }
      pos++;
      skipWhitespace();
      JsonNode v = value();
      if (v == null) {
        return null;
      }
      members.put(name, v); // a repeated name keeps its first position and takes the last value, as in Jackson
      skipWhitespace();
      if (pos >= end) {
        return null;
      }
      char c = s.charAt(pos++);
      if (c == '}') {
        break;
      }
      if (c != ',') {
        return null;
      }
      skipWhitespace();
    }
    depth--;
    return new ObjectNode(nodes, members);
  }

  private JsonNode array() {
    if (++depth > MAX_DEPTH) {
      return null;
    }
    pos++; // '['
    skipWhitespace();
    if (pos < end && s.charAt(pos) == ']') {
      pos++;
      depth--;
      return nodes.arrayNode();
    }
    List<JsonNode> items = new ArrayList<>();
    while (true) {
      JsonNode v = value();
      if (v == null) {
        return null;
      }
      items.add(v);
      skipWhitespace();
      if (pos >= end) {
        return null;
      }
      char c = s.charAt(pos++);
      if (c == ']') {
        break;
      }
      if (c != ',') {
        return null;
      }
      skipWhitespace();
    }
    depth--;
    return new ArrayNode(nodes, items);
  }

  /**
   * A member name starting at the opening quote; null to decline. Short names without escapes are
   * canonicalised through {@link #NAMES} (as Jackson's own symbol table does), so the names that
   * every message repeats are not copied each time.
   */
  private String name() {
    int start = pos + 1;
    int h = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == '"') {
        int n = i - start;
        if (n > MAX_CANONICAL_NAME) {
          break;
        }
        pos = i + 1;
        int slot = (h ^ (h >>> 16)) & (NAMES.length - 1);
        String known = NAMES[slot];
        if (known != null && known.length() == n && s.regionMatches(start, known, 0, n)) {
          return known;
        }
        String fresh = s.substring(start, i);
        NAMES[slot] = fresh; // a racy write of an immutable String: any thread sees null, old or new
        return fresh;
      }
      if (c == '\\' || c < 0x20) {
        break;
      }
      h = 31 * h + c;
    }
    return string(MAX_NAME);
  }

  /** A string literal starting at the opening quote; null to decline. */
  private String string(int maxLength) {
    int start = ++pos;
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == '"') {
        if (pos - start > maxLength) {
          return null;
        }
        return s.substring(start, pos++);
      }
      if (c == '\\') {
        return escapedString(start, maxLength);
      }
      if (c < 0x20) {
        return null; // Jackson rejects unescaped control characters
      }
      pos++;
    }
    return null;
  }

  private String escapedString(int start, int maxLength) {
    StringBuilder sb = new StringBuilder(pos - start + 16);
    sb.append(s, start, pos);
    while (pos < end) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.length() > maxLength ? null : sb.toString();
      }
      if (c < 0x20) {
        return null;
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= end) {
        return null;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > end) {
            return null;
          }
          int v = 0;
          for (int k = 0; k < 4; k++) {
            int h = hexValue(s.charAt(pos++));
            if (h < 0) {
              return null;
            }
            v = (v << 4) | h;
          }
          sb.append((char) v);
        }
        default -> {
          return null;
        }
      }
    }
    return null;
  }

  private JsonNode number() {
    final int start = pos;
    boolean negative = s.charAt(pos) == '-';
    if (negative) {
      pos++;
    }
    final int intStart = pos;
    if (pos >= end) {
      return null;
    }
    char c = s.charAt(pos);
    if (c == '0') {
      pos++;
      if (pos < end && isDigit(s.charAt(pos))) {
        return null; // leading zero
      }
    } else if (c >= '1' && c <= '9') {
      do {
        pos++;
      } while (pos < end && isDigit(s.charAt(pos)));
    } else {
      return null;
    }
    final int intEnd = pos;
    int fracEnd = pos;
    boolean isFloat = false;
    if (pos < end && s.charAt(pos) == '.') {
      pos++;
      int fracStart = pos;
      while (pos < end && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == fracStart) {
        return null;
      }
      fracEnd = pos;
      isFloat = true;
    }
    boolean hasExponent = false;
    if (pos < end && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < end && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      int expStart = pos;
      while (pos < end && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == expStart) {
        return null;
      }
      isFloat = true;
      hasExponent = true;
    }
    if (pos - start > MAX_NUMBER) {
      return null;
    }
    if (!isFloat) {
      if (intEnd - intStart > 18) {
        return null; // Jackson decides between long and BigInteger
      }
      long v = 0;
      for (int k = intStart; k < intEnd; k++) {
        v = v * 10 + (s.charAt(k) - '0');
      }
      if (negative) {
        v = -v;
      }
      return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? nodes.numberNode((int) v) : nodes.numberNode(v);
    }
    if (!hasExponent) {
      // Clinger's fast path: an exact mantissa below 2^53 and an exact power of ten give the
      // correctly rounded double in one operation, the same value as Double.parseDouble
      int digits = (intEnd - intStart) + (fracEnd - intEnd - 1);
      int fractionDigits = fracEnd - intEnd - 1;
      if (digits <= 15 && fractionDigits <= 22) {
        long m = 0;
        for (int k = intStart; k < fracEnd; k++) {
          char d = s.charAt(k);
          if (d != '.') {
            m = m * 10 + (d - '0');
          }
        }
        double v = m / POW10[fractionDigits];
        return nodes.numberNode(negative ? -v : v);
      }
    }
    return nodes.numberNode(Double.parseDouble(s.substring(start, pos)));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The value of an ASCII hex digit, or -1 for anything else. Not {@code Character.digit}: it also
   * reads Arabic-Indic, Devanagari, fullwidth and other Unicode digits, which JSON does not allow.
   */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
