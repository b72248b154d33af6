package dev.socketiolambda.functions.auth;

import dev.socketiolambda.functions.SocketIoLambdaException;

/** Base of the auth module's failures; {@link #status()} is the HTTP status a route answers with. */
public abstract class AuthException extends SocketIoLambdaException {
  private static final long serialVersionUID = 1L;

  protected AuthException(String message, Throwable cause) {
    super(message, cause);
  }

  /** 401 for a refused token, 503 when the keys could not be fetched. */
  public abstract int status();
}
