package dev.socketiolambda.examples.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.protocol.json.Json;

/**
 * A refusal the client is told about: {@code {ok: false, error: {code, message}}} in the ack, or an
 * {@code error} event {@code {code, message, event}} when the client asked for no ack. Codes are
 * stable strings clients can switch on.
 */
public final class SupportError extends EventError {
  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  public static final String FORBIDDEN = "FORBIDDEN";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String VALIDATION = "VALIDATION";
  public static final String INTERNAL = "INTERNAL";

  private final String code;

  public SupportError(String code, String message) {
    super(message, null, false);
    this.code = code;
  }

  public String code() {
    return code;
  }

  static SupportError validation(String message) {
    return new SupportError(VALIDATION, message);
  }

  static SupportError forbidden(String message) {
    return new SupportError(FORBIDDEN, message);
  }

  static SupportError notFound(String message) {
    return new SupportError(NOT_FOUND, message);
  }

  /** {@code {code, message}}. */
  public ObjectNode toJson() {
    return Json.object().put("code", code).put("message", getMessage());
  }
}
