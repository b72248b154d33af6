package dev.socketiolambda.examples.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.limits.Decision;
import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.protocol.json.Json;

/**
 * A refused client event, told in the seed's error shape: an {@code error} event
 * {@code {message, code, event}} (the seed emits {@code error} with {@code {message}}), or, when the
 * client asked for an ack, {@code {success: false, message, code}}. Codes are stable strings.
 */
public final class OrdersError extends EventError {
  public static final String VALIDATION = "VALIDATION";
  public static final String FORBIDDEN = "FORBIDDEN";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String RATE_LIMITED = "RATE_LIMITED";
  public static final String INTERNAL = "INTERNAL";

  private final String code;
  private final long retryAfterMs;

  public OrdersError(String code, String message) {
    this(code, message, 0);
  }

  private OrdersError(String code, String message, long retryAfterMs) {
    super(message, null, false);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  static OrdersError validation(String message) {
    return new OrdersError(VALIDATION, message);
  }

  static OrdersError forbidden(String message) {
    return new OrdersError(FORBIDDEN, message);
  }

  static OrdersError notFound(String message) {
    return new OrdersError(NOT_FOUND, message);
  }

  static OrdersError rateLimited(Decision refused) {
    return new OrdersError(RATE_LIMITED, refused.message(), refused.retryAfterMs());
  }

  public String code() {
    return code;
  }

  /** {@code {message, code}} plus {@code retryAfterMs} when rate limited. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object().put("message", getMessage()).put("code", code);
    return retryAfterMs > 0 ? o.put("retryAfterMs", retryAfterMs) : o;
  }
}
