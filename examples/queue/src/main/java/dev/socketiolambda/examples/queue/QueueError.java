package dev.socketiolambda.examples.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.protocol.json.Json;

/**
 * A refused client event, answered in the seed's shape {@code {success: false, error: "<message>"}}
 * plus a stable {@code code} clients can switch on (an addition the seed's clients ignore).
 */
public final class QueueError extends EventError {
  public static final String VALIDATION = "VALIDATION";
  public static final String FORBIDDEN = "FORBIDDEN";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String INTERNAL = "INTERNAL";

  private final String code;

  public QueueError(String code, String message) {
    super(message, null, false);
    this.code = code;
  }

  public String code() {
    return code;
  }

  static QueueError validation(String message) {
    return new QueueError(VALIDATION, message);
  }

  static QueueError forbidden(String message) {
    return new QueueError(FORBIDDEN, message);
  }

  /** The seed's error answer. */
  public ObjectNode toJson() {
    return Json.object().put("success", false).put("error", getMessage()).put("code", code);
  }
}
