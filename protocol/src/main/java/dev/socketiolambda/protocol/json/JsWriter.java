package dev.socketiolambda.protocol.json;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON writer that matches ECMAScript JSON.stringify byte for byte for JSON trees. */
final class JsWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsWriter() {}

  static void write(JsonNode node, StringBuilder out) {
    if (!writeUnlessBinary(node, out)) {
      throw new IllegalArgumentException("binary values must be sent as attachments, not inside JSON text");
    }
  }

  /**
   * Appends the JSON text of a tree, or stops and returns false at the first binary value (what was
   * appended by then is garbage for the caller to discard).
   */
  static boolean writeUnlessBinary(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        return writeObject(node, out);
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0, n = node.size(); i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          JsonNode v = node.get(i);
          if (v.isMissingNode()) {
            out.append("null"); // like undefined in an array
          } else if (!writeUnlessBinary(v, out)) {
            return false;
          }
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL, MISSING -> out.append("null");
      case NUMBER -> writeNumber(node, out);
      case BINARY -> {
        return false;
      }
      case POJO -> throw new IllegalArgumentException("POJO nodes are not JSON");
      default -> throw new IllegalArgumentException("unknown node type " + node.getNodeType());
    }
    return true;
  }

  private static boolean writeObject(JsonNode node, StringBuilder out) {
    // one pass in the usual case; an array-index key ("0", "17") sends us back to the ordered pass
    int mark = out.length();
    out.append('{');
    boolean first = true;
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (arrayIndex(e.getKey()) >= 0) {
        out.setLength(mark);
        return writeObjectIndexKeysFirst(node, out);
      }
      JsonNode v = e.getValue();
      if (v.isMissingNode()) {
        continue; // like undefined: the key is left out
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(e.getKey(), out);
      out.append(':');
      if (!writeUnlessBinary(v, out)) {
        return false;
      }
    }
    out.append('}');
    return true;
  }

  private static boolean writeObjectIndexKeysFirst(JsonNode node, StringBuilder out) {
    out.append('{');
    List<Map.Entry<String, JsonNode>> indexed = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> named = new ArrayList<>();
    node.fields().forEachRemaining(e -> (arrayIndex(e.getKey()) >= 0 ? indexed : named).add(e));
    // JavaScript objects list array-index keys first, in ascending order, then the rest in insertion order
    indexed.sort(Comparator.comparingLong(e -> arrayIndex(e.getKey())));
    indexed.addAll(named);
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : indexed) {
      JsonNode v = e.getValue();
      if (v.isMissingNode()) {
        continue; // like undefined: the key is left out
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(e.getKey(), out);
      out.append(':');
      if (!writeUnlessBinary(v, out)) {
        return false;
      }
    }
    out.append('}');
    return true;
  }

  /** The value of an ECMAScript array index key (canonical decimal below 2^32 - 1), or -1. */
  static long arrayIndex(String key) {
    int len = key.length();
    if (len == 0 || len > 10 || key.charAt(0) < '0' || key.charAt(0) > '9' || (key.charAt(0) == '0' && len > 1)) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v < 0xFFFF_FFFFL ? v : -1;
  }

  private static void writeNumber(JsonNode node, StringBuilder out) {
    if (node.isInt() || node.isLong() || node.isShort()) {
      out.append(node.longValue());
    } else if (node.isBigInteger()) {
      out.append(node.bigIntegerValue());
    } else if (node.isBigDecimal()) {
      writeDouble(node.decimalValue().doubleValue(), out);
    } else {
      writeDouble(node.doubleValue(), out);
    }
  }

  /** ECMAScript Number::toString for finite doubles; NaN and infinities become null as in JSON.stringify. */
  static void writeDouble(double d, StringBuilder out) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      out.append("null");
      return;
    }
    if (d == 0) {
      out.append('0');
      return;
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
      return;
    }
    if (d < 0) {
      out.append('-');
      d = -d;
    }
    // JDK 17's Double.toString is not always the shortest (1e23 -> 9.999999999999999E22, JDK-4511638);
    // Jackson's Schubfach port gives the shortest closest digits, the same choice as ECMAScript.
    String s = NumberOutput.toString(d, true); // "123.456", "0.00123" or "1.9E22"
    int ePos = s.indexOf('E');
    int end = ePos < 0 ? s.length() : ePos;
    int exp = ePos < 0 ? 0 : Integer.parseInt(s, ePos + 1, s.length(), 10);
    char[] digits = new char[end];
    int k = 0;
    int fractionDigits = 0;
    boolean afterPoint = false;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        afterPoint = true;
        continue;
      }
      if (afterPoint) {
        fractionDigits++;
      }
      if (k > 0 || c != '0') {
        digits[k++] = c;
      }
    }
    int trailingZeros = 0;
    while (digits[k - 1] == '0') {
      k--;
      trailingZeros++;
    }
    int n = k + exp - fractionDigits + trailingZeros; // value = 0.digits * 10^n
    if (k == 2 && d < Double.MIN_NORMAL) {
      // Java prefers a closer 2-digit decimal when one digit would do (4.9E-324); ECMAScript takes the 1 digit.
      int one = shortestOneDigit(d, digits[0] - '0', n);
      if (one > 0) {
        if (one == 10) {
          one = 1;
          n++;
        }
        digits[0] = (char) ('0' + one);
        k = 1;
      }
    }
    if (k <= n && n <= 21) {
      out.append(digits, 0, k);
      for (int i = 0; i < n - k; i++) {
        out.append('0');
      }
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k - n);
    } else if (-6 < n && n <= 0) {
      out.append("0.");
      for (int i = 0; i < -n; i++) {
        out.append('0');
      }
      out.append(digits, 0, k);
    } else {
      out.append(digits[0]);
      if (k > 1) {
        out.append('.').append(digits, 1, k - 1);
      }
      int e = n - 1;
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
  }

  /**
   * For a subnormal {@code d} printed with two digits {@code a.b x 10^(n-1)}: the one-digit decimal
   * ({@code a} or {@code a+1}, 10 meaning {@code 1 x 10^n}) that reads back as {@code d} and is closest
   * to it, or 0 when none does.
   */
  private static int shortestOneDigit(double d, int a, int n) {
    BigDecimal exact = new BigDecimal(d);
    int best = 0;
    BigDecimal bestDistance = null;
    for (int c = a; c <= a + 1; c++) {
      BigDecimal candidate = BigDecimal.valueOf(c).scaleByPowerOfTen(n - 1);
      if (Double.parseDouble(candidate.toString()) != d) {
        continue;
      }
      BigDecimal distance = candidate.subtract(exact).abs();
      int cmp = bestDistance == null ? -1 : distance.compareTo(bestDistance);
      if (cmp < 0 || (cmp == 0 && c % 2 == 0)) {
        best = c;
        bestDistance = distance;
      }
    }
    return best;
  }

  static void writeString(String s, StringBuilder out) {
    out.append('"');
    int len = s.length();
    int start = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      String esc = null;
      boolean lone = false;
      if (c < 0x20 || c == '"' || c == '\\') {
        esc = switch (c) {
          case '"' -> "\\\"";
          case '\\' -> "\\\\";
          case '\b' -> "\\b";
          case '\f' -> "\\f";
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          default -> null;
        };
        if (esc == null) {
          lone = true;
        }
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // a valid pair is written as is
          continue;
        }
        lone = true;
      } else {
        continue;
      }
      out.append(s, start, i);
      if (lone) {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      } else {
        out.append(esc);
      }
      start = i + 1;
    }
    if (start == 0) {
      out.append(s); // nothing escaped: one bulk copy instead of append(CharSequence, int, int)'s char loop
    } else {
      out.append(s, start, len);
    }
    out.append('"');
  }
}
