package dev.socketiolambda.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** JSON writer that matches ECMAScript JSON.stringify byte for byte for JSON trees. */
final class JsWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsWriter() {}

  static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.append('{');
        boolean first = true;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
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
          write(v, out);
        }
        out.append('}');
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
          } else {
            write(v, out);
          }
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL, MISSING -> out.append("null");
      case NUMBER -> writeNumber(node, out);
      case BINARY -> throw new IllegalArgumentException(
          "binary values must be sent as attachments, not inside JSON text");
      case POJO -> throw new IllegalArgumentException("POJO nodes are not JSON");
      default -> throw new IllegalArgumentException("unknown node type " + node.getNodeType());
    }
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
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int k = digits.length();
    int n = k - bd.scale(); // value = 0.digits * 10^n
    if (k <= n && n <= 21) {
      out.append(digits);
      for (int i = 0; i < n - k; i++) {
        out.append('0');
      }
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.");
      for (int i = 0; i < -n; i++) {
        out.append('0');
      }
      out.append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      int e = n - 1;
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
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
    out.append(s, start, len);
    out.append('"');
  }
}
