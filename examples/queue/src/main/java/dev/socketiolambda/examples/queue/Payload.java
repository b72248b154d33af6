package dev.socketiolambda.examples.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Reading client payloads: the first argument, an object (or nothing where the seed allows it). */
final class Payload {
  private Payload() {}

  /** The first argument, which must be an object ({@code "payload must be an object"} otherwise). */
  static JsonNode object(List<JsonNode> args) {
    if (args.isEmpty() || !args.get(0).isObject()) {
      throw QueueError.validation("payload must be an object");
    }
    return args.get(0);
  }

  /** The first argument as an object, or an empty object when there is none ({@code data = {}} in the seed). */
  static JsonNode optionalObject(List<JsonNode> args) {
    if (args.isEmpty() || args.get(0).isNull()) {
      return dev.socketiolambda.protocol.json.Json.object();
    }
    return object(args);
  }

  /** An optional text field: null when absent or null, refused when it is not text. */
  static String optionalText(JsonNode data, String field) {
    JsonNode v = data.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw QueueError.validation(field + " must be a string");
    }
    return v.asText();
  }

  /** An optional text field cut to {@code max} characters. */
  static String bounded(JsonNode data, String field, int max) {
    String v = optionalText(data, field);
    return v == null || v.length() <= max ? v : v.substring(0, max);
  }
}
