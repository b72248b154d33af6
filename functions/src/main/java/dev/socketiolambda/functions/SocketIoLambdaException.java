package dev.socketiolambda.functions;

/** Base of the runtime's unchecked exceptions. */
public class SocketIoLambdaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SocketIoLambdaException(String message) {
    super(message);
  }

  public SocketIoLambdaException(String message, Throwable cause) {
    super(message, cause);
  }
}
