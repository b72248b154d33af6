package dev.socketiolambda.functions.aws;

/** A {@link SignedCall} that failed: the service unreachable, refused or answered something unreadable. */
public final class AwsCallException extends RuntimeException {
  public AwsCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
