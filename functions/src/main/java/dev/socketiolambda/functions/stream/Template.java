package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A room name with {@code ${path}} placeholders filled from the item
 * ({@code user:${customerId}}, {@code service-${ticket.serviceType}}). A placeholder resolves to a
 * string (not empty), a number or a boolean; anything else (absent, null, empty string, object,
 * array) leaves the template unresolved. A '$' not followed by '{' is literal.
 */
final class Template {
  private final String source;
  private final List<Object> parts; // String literal or AttributePath

  private Template(String source, List<Object> parts) {
    this.source = source;
    this.parts = parts;
  }

  /** Parses a template; the message of the exception says what is wrong and where. */
  static Template parse(String source) {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
        int close = source.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '${' at position " + i + " in '" + source + "'");
        }
        String path = source.substring(i + 2, close);
        if (path.isBlank()) {
          throw new IllegalArgumentException("empty '${}' at position " + i + " in '" + source + "'");
        }
        if (path.contains("${") || path.contains("$") || path.contains("{")) {
          throw new IllegalArgumentException("nested '${' at position " + i + " in '" + source + "'");
        }
        if (!path.equals(path.strip())) {
          throw new IllegalArgumentException("blank around '" + path.strip() + "' at position " + i + " in '" + source
              + "'");
        }
        AttributePath p;
        try {
          p = AttributePath.parse(path);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(e.getMessage() + " at position " + i + " in '" + source + "'");
        }
        if (literal.length() > 0) {
          parts.add(literal.toString());
          literal.setLength(0);
        }
        parts.add(p);
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(literal.toString());
    }
    return new Template(source, List.copyOf(parts));
  }

  String source() {
    return source;
  }

  /** The filled-in text, or null when a placeholder is unresolved. */
  String render(JsonNode item) {
    StringBuilder out = new StringBuilder(source.length() + 16);
    for (Object part : parts) {
      if (part instanceof String s) {
        out.append(s);
      } else {
        String v = text(((AttributePath) part).resolve(item));
        if (v == null) {
          return null;
        }
        out.append(v);
      }
    }
    return out.toString();
  }

  /** The first placeholder the item leaves unresolved, or null. */
  String firstUnresolved(JsonNode item) {
    for (Object part : parts) {
      if (part instanceof AttributePath p && text(p.resolve(item)) == null) {
        return p.text();
      }
    }
    return null;
  }

  private static String text(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue().isEmpty() ? null : v.textValue();
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      java.math.BigDecimal d = v.decimalValue().stripTrailingZeros();
      return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
    }
    if (v.isBoolean()) {
      return String.valueOf(v.booleanValue());
    }
    return null;
  }

  @Override
  public String toString() {
    return source;
  }
}
