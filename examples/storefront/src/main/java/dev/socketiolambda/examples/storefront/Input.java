package dev.socketiolambda.examples.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of client input (HTTP bodies and socket event payloads): bad input is refused naming the field. */
final class Input {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
  static final BigDecimal MAX_MONEY = new BigDecimal("10000000");

  private Input() {}

  static ObjectNode object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw StorefrontError.invalid("body", "must be a JSON object");
    }
    return (ObjectNode) body;
  }

  static String id(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw StorefrontError.invalid(field, "must be 1 to 64 letters, digits or _.@-");
    }
    return value;
  }

  static String id(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw StorefrontError.invalid(field, "is required");
    }
    if (!v.isTextual()) {
      throw StorefrontError.invalid(field, "must be a string");
    }
    return id(field, v.textValue());
  }

  /** A text field; null when absent and not required. */
  static String text(JsonNode body, String field, int max, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw StorefrontError.invalid(field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw StorefrontError.invalid(field, "must be a string");
    }
    String s = v.textValue().strip();
    if (s.isEmpty()) {
      throw StorefrontError.invalid(field, "must not be blank");
    }
    if (s.length() > max) {
      throw StorefrontError.invalid(field, "must be at most " + max + " characters");
    }
    return s;
  }

  /** An amount of money: a number from 0 to 10,000,000 with at most 2 decimals; null when absent and optional. */
  static BigDecimal money(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw StorefrontError.invalid(field, "is required");
      }
      return null;
    }
    if (!v.isNumber()) {
      throw StorefrontError.invalid(field, "must be a number");
    }
    BigDecimal d = v.decimalValue().stripTrailingZeros();
    if (d.signum() < 0 || d.compareTo(MAX_MONEY) > 0 || Math.max(d.scale(), 0) > 2) {
      throw StorefrontError.invalid(field, "must be from 0 to 10000000 with at most 2 decimals");
    }
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  /** A whole number in [min, max]; {@code fallback} when absent (null fallback: required). */
  static Long count(JsonNode body, String field, long min, long max, Long fallback) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw StorefrontError.invalid(field, "is required");
      }
      return fallback;
    }
    if (!v.isIntegralNumber() && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
      throw StorefrontError.invalid(field, "must be a whole number");
    }
    if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw StorefrontError.invalid(field, "must be from " + min + " to " + max);
    }
    return v.asLong();
  }

  static String oneOf(JsonNode body, String field, Set<String> allowed) {
    String s = text(body, field, 40, true);
    if (!allowed.contains(s)) {
      throw StorefrontError.invalid(field, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
    }
    return s;
  }

  /** A non-empty array of at most {@code max} objects. */
  static JsonNode list(JsonNode body, String field, int max) {
    JsonNode v = body.get(field);
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw StorefrontError.invalid(field, "must be a non-empty array");
    }
    if (v.size() > max) {
      throw StorefrontError.invalid(field, "may hold at most " + max + " entries");
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        throw StorefrontError.invalid(field + "[" + i + "]", "must be an object");
      }
    }
    return v;
  }
}
