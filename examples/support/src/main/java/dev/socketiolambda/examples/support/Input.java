package dev.socketiolambda.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One event's payload, validated field by field: every accessor returns a valid value or throws a
 * {@link SupportError} {@code VALIDATION} that names the field.
 */
final class Input {
  /** Query ids: what {@link QueryStore} makes ({@code q-} and 16 hex digits) and demo ids alike. */
  static final Pattern QUERY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final int MAX_CONTENT = 4000;
  static final int MAX_SUBJECT = 200;

  private final ObjectNode payload;

  private Input(ObjectNode payload) {
    this.payload = payload;
  }

  /** The decoder of events that need a payload object. */
  static Input required(List<JsonNode> args) {
    if (args.isEmpty() || !(args.get(0) instanceof ObjectNode o)) {
      throw SupportError.validation("the payload must be an object");
    }
    return new Input(o);
  }

  /** A payload object already parsed (an HTTP body). */
  static Input of(JsonNode body) {
    return new Input(body instanceof ObjectNode o ? o : Json.object());
  }

  String queryId() {
    JsonNode v = payload.get("queryId");
    if (v == null || v.isNull()) {
      throw SupportError.validation("queryId is required");
    }
    if (!v.isTextual() || !QUERY_ID.matcher(v.textValue()).matches()) {
      throw SupportError.validation("queryId must be 1-64 letters, digits, '-' or '_'");
    }
    return v.textValue();
  }

  /** Required text, stripped, without control characters other than newline and tab. */
  String text(String field, int maxLength) {
    JsonNode v = payload.get(field);
    if (v == null || v.isNull()) {
      throw SupportError.validation(field + " is required");
    }
    if (!v.isTextual()) {
      throw SupportError.validation(field + " must be a string");
    }
    String text = v.textValue().strip();
    if (text.isEmpty()) {
      throw SupportError.validation(field + " must not be empty");
    }
    if (text.length() > maxLength) {
      throw SupportError.validation(field + " is longer than " + maxLength + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
        throw SupportError.validation(field + " must not contain control characters");
      }
    }
    return text;
  }

  /** An optional text field that, when present, must equal {@code expected} (an identity claimed by the client). */
  void claimed(String field, String expected) {
    JsonNode v = payload.get(field);
    if (v != null && !v.isNull() && !(v.isTextual() && v.textValue().equals(expected))) {
      throw SupportError.forbidden(field + " must be your own (" + expected + "): identity comes from your token");
    }
  }

  /** An optional message id to page before, 0 when absent. */
  long before() {
    JsonNode v = payload.get("before");
    if (v == null || v.isNull()) {
      return 0;
    }
    long id = v.isTextual() && v.textValue().matches("[0-9]{1,15}") ? Long.parseLong(v.textValue())
        : v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : -1;
    if (id < 1) {
      throw SupportError.validation("before must be a positive message id (a nextCursor)");
    }
    return id;
  }

  /** An optional page size, {@code fallback} when absent. */
  int limit(int fallback) {
    JsonNode v = payload.get("limit");
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > SupportConfig.MAX_PAGE) {
      throw SupportError.validation("limit must be an integer from 1 to " + SupportConfig.MAX_PAGE);
    }
    return v.asInt();
  }

  /** The optional boolean {@code isTyping}, true when absent. */
  boolean isTyping() {
    JsonNode v = payload.get("isTyping");
    if (v == null || v.isNull()) {
      return true;
    }
    if (!v.isBoolean()) {
      throw SupportError.validation("isTyping must be a boolean");
    }
    return v.booleanValue();
  }
}
