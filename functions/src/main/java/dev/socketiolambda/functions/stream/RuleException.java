package dev.socketiolambda.functions.stream;

import dev.socketiolambda.functions.SocketIoLambdaException;

/**
 * A stream rule file that cannot be used; the message names the rule and the field, e.g.
 * {@code rule 'order-status': field 'rooms' must be a non-empty array of strings}.
 */
public final class RuleException extends SocketIoLambdaException {
  private static final long serialVersionUID = 1L;

  public RuleException(String message) {
    super(message);
  }

  public RuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
