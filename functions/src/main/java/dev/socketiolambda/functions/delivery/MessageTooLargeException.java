package dev.socketiolambda.functions.delivery;

import dev.socketiolambda.functions.gateway.GatewayException;

/**
 * A frame was refused for its size (API Gateway: 128 KB per message) before it was sent, or the
 * transport answered 413. Apps see it where they emit or reply; send less data per event.
 */
public class MessageTooLargeException extends GatewayException {
  private static final long serialVersionUID = 1L;
  private final long bytes;
  private final long limit;

  public MessageTooLargeException(long bytes, long limit, Throwable cause) {
    super((bytes < 0 ? "message refused as too large (413)" : "message of " + bytes + " bytes")
        + " exceeds the limit of " + limit + " bytes: send less data per event", 413, cause);
    this.bytes = bytes;
    this.limit = limit;
  }

  /** Size of the refused message in UTF-8 bytes (-1 when the transport did not say). */
  public long bytes() {
    return bytes;
  }

  /** The limit it broke, in bytes. */
  public long limit() {
    return limit;
  }
}
