package dev.socketiolambda.examples.chat;

import dev.socketiolambda.functions.server.EventError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;

/**
 * A refusal the client is told about: {@code {ok: false, error: {code, message}}} in the ack, or an
 * {@code error} event when the client asked for no ack. Codes are stable strings clients can switch on.
 */
public final class ChatError extends EventError {
  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  public static final String FORBIDDEN = "FORBIDDEN";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String VALIDATION = "VALIDATION";
  public static final String RATE_LIMITED = "RATE_LIMITED";
  public static final String INTERNAL = "INTERNAL";

  private final String code;

  public ChatError(String code, String message) {
    super(message, null, false);
    this.code = code;
  }

  public String code() {
    return code;
  }

  static ChatError validation(String message) {
    return new ChatError(VALIDATION, message);
  }

  static ChatError forbidden(String message) {
    return new ChatError(FORBIDDEN, message);
  }

  static ChatError notFound(String message) {
    return new ChatError(NOT_FOUND, message);
  }

  /** {@code {code, message}}. */
  public ObjectNode toJson() {
    return Json.object().put("code", code).put("message", getMessage());
  }
}
