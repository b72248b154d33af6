package dev.socketiolambda.protocol;

/** The one exception the codec throws: the input is not a valid Engine.IO / Socket.IO frame, and the message says why. */
public class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
