package dev.socketiolambda.protocol.json;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON writer that matches ECMAScript JSON.stringify byte for byte for JSON trees. Writes into its
 * own growing {@code char[]} (no per-append checks or Latin-1/UTF-16 switches of a
 * {@code StringBuilder}); one instance per document.
 */
final class JsWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] NULL = "null".toCharArray();
  private static final char[] TRUE = "true".toCharArray();
  private static final char[] FALSE = "false".toCharArray();
  private static final double[] POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  /** Fraction digits tried by the short-decimal path of {@link #writeDouble}; longer ones take the general path. */
  private static final int SHORT_DECIMAL_DIGITS = 10;

  private char[] buf;
  private int len;

  JsWriter(int capacity) {
    buf = new char[Math.max(16, capacity)];
  }

  /** The text written so far. */
  @Override
  public String toString() {
    return new String(buf, 0, len);
  }

  /** Appends the text written so far to a builder. */
  void appendTo(StringBuilder out) {
    out.append(buf, 0, len);
  }

  // ---- static entry points (StringBuilder based, as before) ----

  static void write(JsonNode node, StringBuilder out) {
    if (!writeUnlessBinary(node, out)) {
      throw binaryNotAllowed();
    }
  }

  /**
   * Appends the JSON text of a tree, or returns false, appending nothing, when the tree holds a
   * binary value.
   */
  static boolean writeUnlessBinary(JsonNode node, StringBuilder out) {
    JsWriter w = new JsWriter(64);
    if (!w.value(node)) {
      return false;
    }
    w.appendTo(out);
    return true;
  }

  /** {@code prefix} followed by the JSON text of a tree, or null when the tree holds a binary value. */
  static String writeUnlessBinary(String prefix, JsonNode node) {
    JsWriter w = new JsWriter(256);
    w.append(prefix);
    return w.value(node) ? w.toString() : null;
  }

  static void writeString(String s, StringBuilder out) {
    JsWriter w = new JsWriter(s.length() + 2);
    w.string(s);
    w.appendTo(out);
  }

  static void writeDouble(double d, StringBuilder out) {
    JsWriter w = new JsWriter(24);
    w.number(d);
    w.appendTo(out);
  }

  static IllegalArgumentException binaryNotAllowed() {
    return new IllegalArgumentException("binary values must be sent as attachments, not inside JSON text");
  }

  // ---- the writer ----

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  private void append(char c) {
    if (len == buf.length) {
      ensure(1);
    }
    buf[len++] = c;
  }

  private void append(char[] chars) {
    ensure(chars.length);
    System.arraycopy(chars, 0, buf, len, chars.length);
    len += chars.length;
  }

  void append(String s) {
    int n = s.length();
    ensure(n);
    s.getChars(0, n, buf, len);
    len += n;
  }

  /** Writes a value; false (with garbage written) at the first binary value. */
  boolean value(JsonNode node) {
    // the node classes Json.parse builds, tested by class (cheap) before the generic dispatch on the
    // node type (several megamorphic virtual calls per node)
    Class<?> c = node.getClass();
    if (c == TextNode.class) {
      string(node.textValue());
      return true;
    }
    if (c == ObjectNode.class) {
      return object(node);
    }
    if (c == IntNode.class || c == LongNode.class) {
      integer(node.longValue());
      return true;
    }
    if (c == ArrayNode.class) {
      return array(node);
    }
    if (c == DoubleNode.class) {
      number(node.doubleValue());
      return true;
    }
    if (c == BooleanNode.class) {
      append(node.booleanValue() ? TRUE : FALSE);
      return true;
    }
    if (c == NullNode.class) {
      append(NULL);
      return true;
    }
    return anyValue(node);
  }

  private boolean array(JsonNode node) {
    append('[');
    for (int i = 0, n = node.size(); i < n; i++) {
      if (i > 0) {
        append(',');
      }
      JsonNode v = node.get(i);
      if (v.getClass() == MissingNode.class) {
        append(NULL); // like undefined in an array
      } else if (!value(v)) {
        return false;
      }
    }
    append(']');
    return true;
  }

  private boolean anyValue(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        return object(node);
      }
      case ARRAY -> {
        return array(node);
      }
      case STRING -> string(node.textValue());
      case BOOLEAN -> append(node.booleanValue() ? TRUE : FALSE);
      case NULL, MISSING -> append(NULL);
      case NUMBER -> number(node);
      case BINARY -> {
        return false;
      }
      case POJO -> throw new IllegalArgumentException("POJO nodes are not JSON");
      default -> throw new IllegalArgumentException("unknown node type " + node.getNodeType());
    }
    return true;
  }

  private static final int WRITTEN = 0;
  private static final int HAS_BINARY = 1;
  private static final int INDEX_KEY = 2;

  private boolean object(JsonNode node) {
    // one pass in the usual case; an array-index key ("0", "17") sends us back to the ordered pass
    int mark = len;
    append('{');
    int result = members(node.fields(), true);
    if (result == INDEX_KEY) {
      len = mark;
      append('{');
      result = members(indexKeysFirst(node).iterator(), false);
    }
    if (result == HAS_BINARY) {
      return false;
    }
    append('}');
    return true;
  }

  /** Writes the members, leaving out missing values; stops at a binary value or, when asked, an index key. */
  private int members(Iterator<Map.Entry<String, JsonNode>> it, boolean stopAtIndexKey) {
    boolean first = true;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (stopAtIndexKey && arrayIndex(e.getKey()) >= 0) {
        return INDEX_KEY;
      }
      JsonNode v = e.getValue();
      if (v.getClass() == MissingNode.class) {
        continue; // like undefined: the key is left out
      }
      if (!first) {
        append(',');
      }
      first = false;
      string(e.getKey());
      append(':');
      if (!value(v)) {
        return HAS_BINARY;
      }
    }
    return WRITTEN;
  }

  /** JavaScript's member order: array-index keys first, ascending, then the rest in insertion order. */
  private static List<Map.Entry<String, JsonNode>> indexKeysFirst(JsonNode node) {
    List<Map.Entry<String, JsonNode>> indexed = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> named = new ArrayList<>();
    node.fields().forEachRemaining(e -> (arrayIndex(e.getKey()) >= 0 ? indexed : named).add(e));
    indexed.sort(Comparator.comparingLong(e -> arrayIndex(e.getKey())));
    indexed.addAll(named);
    return indexed;
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

  /** A string literal: copied in bulk, then checked; escaped char by char only when it needs it. */
  void string(String s) {
    int n = s.length();
    ensure(n + 2);
    buf[len++] = '"';
    int start = len;
    s.getChars(0, n, buf, start);
    char[] b = buf;
    for (int i = 0; i < n; i++) {
      char c = b[start + i];
      if (c >= '\ud800' && c <= '\udbff' && i + 1 < n && b[start + i + 1] >= '\udc00' && b[start + i + 1] <= '\udfff') {
        i++; // a valid surrogate pair (an emoji) is written as is
        continue;
      }
      if (c < 0x20 || c == '"' || c == '\\' || (c >= '\ud800' && c <= '\udfff')) {
        len = start + i;
        escapedFrom(s, i);
        append('"');
        return;
      }
    }
    len = start + n;
    buf[len++] = '"';
  }

  /** The rest of a string from index {@code i}, escaped as JSON.stringify does (lone surrogates as {@code \\uXXXX}). */
  private void escapedFrom(String s, int i) {
    int n = s.length();
    ensure((n - i) * 6);
    char[] b = buf;
    int p = len;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && (c < '\ud800' || c > '\udfff')) {
        b[p++] = c;
        continue;
      }
      char esc = switch (c) {
        case '"' -> '"';
        case '\\' -> '\\';
        case '\b' -> 'b';
        case '\f' -> 'f';
        case '\n' -> 'n';
        case '\r' -> 'r';
        case '\t' -> 't';
        default -> 0;
      };
      if (esc != 0) {
        b[p++] = '\\';
        b[p++] = esc;
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        b[p++] = c; // a valid pair is written as is
        b[p++] = s.charAt(++i);
        continue;
      }
      // other control characters and lone surrogates
      b[p++] = '\\';
      b[p++] = 'u';
      b[p++] = HEX[(c >> 12) & 0xF];
      b[p++] = HEX[(c >> 8) & 0xF];
      b[p++] = HEX[(c >> 4) & 0xF];
      b[p++] = HEX[c & 0xF];
    }
    len = p;
  }

  private void number(JsonNode node) {
    if (node.isInt() || node.isLong() || node.isShort()) {
      integer(node.longValue());
    } else if (node.isBigInteger()) {
      append(node.bigIntegerValue().toString());
    } else if (node.isBigDecimal()) {
      number(node.decimalValue().doubleValue());
    } else {
      number(node.doubleValue());
    }
  }

  private void integer(long v) {
    if (v == Long.MIN_VALUE) {
      append(Long.toString(v));
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int p = len + digits;
    len = p;
    do {
      buf[--p] = (char) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
  }

  /** ECMAScript Number::toString for finite doubles; NaN and infinities become null as in JSON.stringify. */
  private void number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      append(NULL);
      return;
    }
    if (d == 0) {
      append('0');
      return;
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      integer((long) d);
      return;
    }
    if (!shortDecimal(d)) {
      generalDouble(d);
    }
  }

  /**
   * Short decimals such as {@code 2.5} or {@code 0.125} without the general shortest-digits
   * algorithm: the fewest fraction digits {@code j} for which an integer {@code m} exists with
   * {@code m / 10^j} reading back as {@code d}. For {@code 1e-6 <= |d| < 1e15} and
   * {@code |d| * 10^j < 2^51} the only candidates are the floor and ceiling of {@code |d| * 10^j}
   * (both errors are below half a unit), {@code m / 10^j} in double arithmetic is the correctly
   * rounded reading (Clinger: exact operands), and the fewest fraction digits give the fewest
   * significant digits, which is what ECMAScript prints (fixed notation in this range). Returns
   * false, writing nothing, when it cannot decide (no such j up to a limit, or two candidates).
   */
  private boolean shortDecimal(double d) {
    double a = Math.abs(d);
    if (a < 1e-6 || a >= 1e15) {
      return false;
    }
    for (int j = 1; j <= SHORT_DECIMAL_DIGITS; j++) {
      double x = a * POW10[j];
      if (x >= 0x1p51) {
        return false;
      }
      double lo = Math.floor(x);
      double hi = Math.ceil(x);
      boolean loReads = lo / POW10[j] == a;
      boolean hiReads = hi != lo && hi / POW10[j] == a;
      if (loReads && hiReads) {
        return false;
      }
      if (loReads || hiReads) {
        fixed(d < 0, (long) (loReads ? lo : hi), j);
        return true;
      }
    }
    return false;
  }

  /** {@code m / 10^j} in fixed notation: {@code 12.5}, {@code 0.0025}. */
  private void fixed(boolean negative, long m, int j) {
    ensure(40);
    if (negative) {
      buf[len++] = '-';
    }
    int digits = 1;
    for (long t = m; t >= 10; t /= 10) {
      digits++;
    }
    if (digits <= j) {
      buf[len++] = '0';
      buf[len++] = '.';
      for (int k = digits; k < j; k++) {
        buf[len++] = '0';
      }
      int p = len + digits;
      len = p;
      do {
        buf[--p] = (char) ('0' + (m % 10));
        m /= 10;
      } while (m != 0);
      return;
    }
    int p = len + digits + 1; // one more for the point
    len = p;
    for (int k = 0; k < j; k++) {
      buf[--p] = (char) ('0' + (m % 10));
      m /= 10;
    }
    buf[--p] = '.';
    do {
      buf[--p] = (char) ('0' + (m % 10));
      m /= 10;
    } while (m != 0);
  }

  private void generalDouble(double d) {
    if (d < 0) {
      append('-');
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
    ensure(k + Math.max(0, n) + 30);
    if (k <= n && n <= 21) {
      appendDigits(digits, 0, k);
      for (int i = 0; i < n - k; i++) {
        buf[len++] = '0';
      }
    } else if (0 < n && n <= 21) {
      appendDigits(digits, 0, n);
      buf[len++] = '.';
      appendDigits(digits, n, k - n);
    } else if (-6 < n && n <= 0) {
      buf[len++] = '0';
      buf[len++] = '.';
      for (int i = 0; i < -n; i++) {
        buf[len++] = '0';
      }
      appendDigits(digits, 0, k);
    } else {
      buf[len++] = digits[0];
      if (k > 1) {
        buf[len++] = '.';
        appendDigits(digits, 1, k - 1);
      }
      int e = n - 1;
      buf[len++] = 'e';
      buf[len++] = e < 0 ? '-' : '+';
      integer(Math.abs(e));
    }
  }

  private void appendDigits(char[] digits, int from, int count) {
    System.arraycopy(digits, from, buf, len, count);
    len += count;
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

  /** The general path alone, for tests comparing it with the short-decimal path. */
  static String generalDoubleForTest(double d) {
    JsWriter w = new JsWriter(32);
    if (Double.isNaN(d) || Double.isInfinite(d) || d == 0 || (d == Math.rint(d) && Math.abs(d) < 1e15)) {
      w.number(d);
    } else {
      w.generalDouble(d);
    }
    return w.toString();
  }
}
