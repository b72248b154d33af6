package dev.socketiolambda.examples.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.limits.Decision;
import dev.socketiolambda.functions.server.EventError;
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
  private final long retryAfterMs;

  public ChatError(String code, String message) {
    this(code, message, 0);
  }

  private ChatError(String code, String message, long retryAfterMs) {
    super(message, null, false);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  /** {@code RATE_LIMITED} with the limiter's sentence and {@code retryAfterMs}. */
  static ChatError rateLimited(Decision refused) {
    return new ChatError(RATE_LIMITED, refused.message(), refused.retryAfterMs());
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

  /** {@code {code, message}}, plus {@code retryAfterMs} for {@code RATE_LIMITED}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object().put("code", code).put("message", getMessage());
    return retryAfterMs > 0 ? o.put("retryAfterMs", retryAfterMs) : o;
  }
}
