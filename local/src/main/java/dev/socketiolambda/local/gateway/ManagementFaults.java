package dev.socketiolambda.local.gateway;

import java.util.Objects;

/**
 * Fault and latency injection seam for the emulated {@code @connections} management API. The
 * default, {@link #NONE}, injects nothing.
 *
 * <p>Two ways to add latency: {@link #latencyMillis} (the emulator answers that much later
 * without holding a thread, so any number of delayed calls can be in flight, as on API Gateway),
 * or sleeping in {@link #before} (an implementation that {@link #mayBlock() may block} is called
 * on a management API worker thread, one per call in progress).
 */
@FunctionalInterface
public interface ManagementFaults {

  /** Injects nothing. */
  ManagementFaults NONE = new ManagementFaults() {
    @Override
    public Fault before(Operation operation, String connectionId) {
      return null;
    }

    @Override
    public boolean mayBlock() {
      return false;
    }

    @Override
    public String toString() {
      return "ManagementFaults.NONE";
    }
  };

  /** The management API operations. */
  enum Operation {
    POST_TO_CONNECTION,
    GET_CONNECTION,
    DELETE_CONNECTION
  }

  /**
   * Called before each request is served, after {@link #latencyMillis}. When {@link #mayBlock()}
   * it runs on a management API worker thread and may sleep to add latency; otherwise it runs on
   * the emulator's I/O thread and must return at once.
   *
   * @param operation the operation requested
   * @param connectionId the connection id from the request path
   * @return {@code null} to serve the request normally, or a fault to answer with instead
   * @throws InterruptedException when interrupted while adding latency
   */
  Fault before(Operation operation, String connectionId) throws InterruptedException;

  /**
   * How long to wait before serving this request (calling {@link #before}), in ms; the wait
   * holds no thread. Default 0.
   */
  default long latencyMillis(Operation operation, String connectionId) {
    return 0;
  }

  /**
   * Whether {@link #before} may block (sleep, wait for a test's signal). True by default, so any
   * lambda may; implementations that return at once say false and are served on the I/O thread,
   * without a thread handoff per request.
   */
  default boolean mayBlock() {
    return true;
  }

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
