package dev.socketiolambda.functions.gateway;

import dev.socketiolambda.functions.SocketIoLambdaException;

/** A frame could not be delivered (throttled too long, too large, forbidden, server errors). */
public class GatewayException extends SocketIoLambdaException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;

  public GatewayException(String message, int statusCode, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** HTTP status of the last answer, or 0 when there was none. */
  public int statusCode() {
    return statusCode;
  }
}
