package dev.socketiolambda.functions.limits;

import dev.socketiolambda.functions.SocketIoLambdaException;

/** A rate limiter could not reach its store; nothing was counted. */
public class RateLimitException extends SocketIoLambdaException {
  private static final long serialVersionUID = 1L;

  public RateLimitException(String message, Throwable cause) {
    super(message, cause);
  }
}
