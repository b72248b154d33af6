package dev.socketiolambda.examples.storefront;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;

/**
 * A refused storefront operation: an HTTP status for the routes, a code and a message for both the
 * routes' {@code {"error":{"code","message"}}} and the socket acks' {@code {ok: false, error: {code, message}}}.
 */
public final class StorefrontError extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;

  public StorefrontError(int status, String code, String message, String field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static StorefrontError invalid(String field, String message) {
    return new StorefrontError(400, "VALIDATION_FAILED", field + " " + message, field);
  }

  public static StorefrontError forbidden(String message) {
    return new StorefrontError(403, "FORBIDDEN", message, null);
  }

  public static StorefrontError notFound(String message) {
    return new StorefrontError(404, "NOT_FOUND", message, null);
  }

  public static StorefrontError conflict(String message) {
    return new StorefrontError(409, "CONFLICT", message, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The input field at fault, or null. */
  public String field() {
    return field;
  }

  /** {@code {code, message[, field]}}. */
  public ObjectNode toJson() {
    ObjectNode e = Json.object().put("code", code).put("message", getMessage());
    if (field != null) {
      e.put("field", field);
    }
    return e;
  }
}
