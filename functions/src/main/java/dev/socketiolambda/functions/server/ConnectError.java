package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;

/** Thrown by a connection middleware to refuse a CONNECT: the client gets {@code connect_error} with this message and data. */
public class ConnectError extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient JsonNode data;

  public ConnectError(String message) {
    this(message, null);
  }

  public ConnectError(String message, Object data) {
    super(message);
    this.data = data == null ? null : Args.toNode(data);
  }

  /** The {@code data} field of the error the client receives, or null. */
  public JsonNode data() {
    return data;
  }
}
