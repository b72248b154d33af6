package dev.socketiolambda.functions.gateway;

/** The connection no longer exists (HTTP 410 from the management API). */
public class ConnectionGoneException extends GatewayException {
  private static final long serialVersionUID = 1L;

  public ConnectionGoneException(String connectionId, Throwable cause) {
    super("connection " + connectionId + " is gone", 410, cause);
  }
}
