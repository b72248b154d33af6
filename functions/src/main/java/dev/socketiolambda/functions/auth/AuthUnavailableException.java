package dev.socketiolambda.functions.auth;

/**
 * The token could not be checked because the signing keys (the JWKS URL) could not be fetched
 * (HTTP 503): the client's token may be fine, it should try again. The cause holds the details for
 * the logs; the message is safe to show the client.
 */
public final class AuthUnavailableException extends AuthException {
  private static final long serialVersionUID = 1L;

  public AuthUnavailableException(Throwable cause) {
    super("authentication is unavailable right now, try again", cause);
  }

  @Override
  public int status() {
    return 503;
  }
}
