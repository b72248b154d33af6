package dev.socketiolambda.local.gateway;

import java.util.Objects;

/**
 * Fault and latency injection seam for the emulated {@code @connections} management API. The
 * default, {@link #NONE}, injects nothing.
 */
@FunctionalInterface
public interface ManagementFaults {

  /** Injects nothing. */
  ManagementFaults NONE = (operation, connectionId) -> null;

  /** The management API operations. */
  enum Operation {
    POST_TO_CONNECTION,
    GET_CONNECTION,
    DELETE_CONNECTION
  }

  /**
   * Called on a management API thread before each request is served. It may sleep to add
   * latency.
   *
   * @param operation the operation requested
   * @param connectionId the connection id from the request path
   * @return {@code null} to serve the request normally, or a fault to answer with instead
   * @throws InterruptedException when interrupted while adding latency
   */
  Fault before(Operation operation, String connectionId) throws InterruptedException;

  /**
   * An error answered instead of the real operation, shaped as API Gateway answers errors:
   * {@code statusCode}, header {@code x-amzn-ErrorType: errorType}, body {@code {"message":...}}.
   */
  record Fault(int statusCode, String errorType, String message) {
    public Fault {
      if (statusCode < 400 || statusCode > 599) {
        throw new IllegalArgumentException("fault status must be 4xx or 5xx, was " + statusCode);
      }
      Objects.requireNonNull(errorType, "errorType");
    }

    /** 429 LimitExceededException (throttling, or the client's buffer is full). */
    public static Fault limitExceeded() {
      return new Fault(429, "LimitExceededException", "Rate exceeded");
    }

    /** 403 ForbiddenException. */
    public static Fault forbidden() {
      return new Fault(403, "ForbiddenException", "Forbidden");
    }

    /** 500 InternalServerErrorException. */
    public static Fault internalError() {
      return new Fault(500, "InternalServerErrorException", "Internal server error");
    }
  }
}
