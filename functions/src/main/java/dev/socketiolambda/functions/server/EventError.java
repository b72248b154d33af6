package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Thrown by an event handler or request handler to answer the client's ack with
 * {@code {"error":{"message":...,"data":...}}} (a request's namespace may map it otherwise, see
 * {@link Namespace#onRequestError}). Any other exception is reported to the error hook and answered
 * with "internal server error".
 */
public class EventError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient JsonNode data;

  public EventError(String message) {
    this(message, null);
  }

  public EventError(String message, Object data) {
    super(message);
    this.data = data == null ? null : Args.toNode(data);
  }

  /** For refusals thrown often (validation): without a stack trace, which costs time and says nothing. */
  protected EventError(String message, Object data, boolean withStackTrace) {
    super(message, null, false, withStackTrace);
    this.data = data == null ? null : Args.toNode(data);
  }

  public JsonNode data() {
    return data;
  }
}
