package dev.socketiolambda.functions.stream;

import dev.socketiolambda.functions.SocketIoLambdaException;

/** A DynamoDB Streams event, record or attribute value that does not have the documented shape. */
public final class StreamEventException extends SocketIoLambdaException {
  private static final long serialVersionUID = 1L;

  public StreamEventException(String message) {
    super(message);
  }

  public StreamEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
