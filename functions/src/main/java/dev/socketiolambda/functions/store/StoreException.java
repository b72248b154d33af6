package dev.socketiolambda.functions.store;

import dev.socketiolambda.functions.SocketIoLambdaException;

/** The state store could not complete a request. */
public class StoreException extends SocketIoLambdaException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }
}
