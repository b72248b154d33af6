package dev.socketiolambda.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One event's payload, validated field by field: every accessor either returns a valid value or
 * throws a {@link ChatError} with code {@code VALIDATION} that names the field.
 */
final class Input {
  private static final Pattern CHANNEL = Pattern.compile(ChatLimits.CHANNEL_ID);

  private final ObjectNode payload;

  private Input(ObjectNode payload) {
    this.payload = payload;
  }

  /** The event's first argument, which must be an object ({@code {}} when the client sent none and none is needed). */
  static Input of(List<JsonNode> args, boolean required) {
    if (args.isEmpty() || args.get(0).isNull()) {
      if (required) {
        throw ChatError.validation("the payload must be an object");
      }
      return new Input(dev.socketiolambda.protocol.json.Json.object());
    }
    if (!(args.get(0) instanceof ObjectNode o)) {
      throw ChatError.validation("the payload must be an object");
    }
    return new Input(o);
  }

  /** The decoder of events that need a payload object. */
  static Input required(List<JsonNode> args) {
    return of(args, true);
  }

  /** The decoder of events whose payload may be absent. */
  static Input optional(List<JsonNode> args) {
    return of(args, false);
  }

  String channelId() {
    JsonNode v = payload.get("channelId");
    if (v == null || !v.isTextual()) {
      throw ChatError.validation("channelId must be a string");
    }
    if (!CHANNEL.matcher(v.textValue()).matches()) {
      throw ChatError.validation("channelId must be 1-64 lowercase letters, digits, '-' or '_'");
    }
    return v.textValue();
  }

  long messageId() {
    return id("messageId", true);
  }

  /** An optional id (a pagination cursor), 0 when absent. */
  long optionalId(String field) {
    return id(field, false);
  }

  private long id(String field, boolean required) {
    JsonNode v = payload.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ChatError.validation(field + " is required");
      }
      return 0;
    }
    if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
      throw ChatError.validation(field + " must be a positive integer");
    }
    if (!v.canConvertToLong() || v.asLong() < 1 || v.asLong() > ChatLimits.MAX_ID) {
      throw ChatError.validation(field + " must be a positive integer up to " + ChatLimits.MAX_ID);
    }
    return v.asLong();
  }

  String content() {
    JsonNode v = payload.get("content");
    if (v == null || !v.isTextual()) {
      throw ChatError.validation("content must be a string");
    }
    String text = v.textValue().strip();
    if (text.isEmpty()) {
      throw ChatError.validation("content must not be empty");
    }
    if (text.length() > ChatLimits.MAX_CONTENT) {
      throw ChatError.validation("content is longer than " + ChatLimits.MAX_CONTENT + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
        throw ChatError.validation("content must not contain control characters");
      }
    }
    return text;
  }

  String reaction() {
    JsonNode v = payload.get("reaction");
    if (v == null || !v.isTextual() || !ChatLimits.REACTIONS.contains(v.textValue())) {
      throw ChatError.validation("reaction must be one of " + String.join(", ", ChatLimits.REACTIONS));
    }
    return v.textValue();
  }

  /** An optional page size, {@code fallback} when absent. */
  int limit(int fallback) {
    JsonNode v = payload.get("limit");
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > ChatLimits.MAX_PAGE) {
      throw ChatError.validation("limit must be an integer from 1 to " + ChatLimits.MAX_PAGE);
    }
    return v.asInt();
  }

  /** An optional client-chosen id echoed back with a sent message (for optimistic UIs), null when absent. */
  String clientId() {
    JsonNode v = payload.get("clientId");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.textValue().length() > 64) {
      throw ChatError.validation("clientId must be a string of at most 64 characters");
    }
    return v.textValue();
  }
}
