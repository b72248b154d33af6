package dev.socketiolambda.functions.auth;

/**
 * A token was missing or refused (HTTP 401). The message says why and is safe to show the client:
 * it never contains the token.
 */
public final class InvalidTokenException extends AuthException {
  private static final long serialVersionUID = 1L;

  public InvalidTokenException(String message) {
    super(message, null);
  }

  @Override
  public int status() {
    return 401;
  }

  /** The {@code WWW-Authenticate} header of a 401 answer (RFC 6750 section 3). */
  public String wwwAuthenticate() {
    return "Bearer error=\"invalid_token\", error_description=\"" + getMessage().replace("\"", "'") + "\"";
  }
}
