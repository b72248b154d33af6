package dev.socketiolambda.functions.server;

/**
 * Where an error reported to {@link SocketIoServer#onError} happened: a kind to switch on and the
 * event, ack handler or connection it concerns. {@link #toString()} reads as before ("event 'send'").
 *
 * @param kind what the runtime was doing
 * @param detail the event name, ack reply handler or connection id, or null
 */
public record ErrorSite(Kind kind, String detail) {
  /** What the runtime was doing. */
  public enum Kind {
    /** Sending the open packet. */
    OPEN("open"),
    /** Handling a client frame. */
    MESSAGE("message"),
    /** Posting the frames before the route response. */
    REPLY("reply"),
    /** A namespace middleware failed (not a refusal). */
    MIDDLEWARE("middleware"),
    /** A connection listener failed. */
    CONNECTION_LISTENER("connection listener"),
    /** An event listener or request handler failed; detail: the event. */
    EVENT("event"),
    /** An ack reply handler failed; detail: its name. */
    ACK_REPLY("ack reply"),
    /** A disconnect listener failed. */
    DISCONNECT_LISTENER("disconnect listener"),
    /** {@code $disconnect} failed. */
    DISCONNECT("disconnect"),
    /** A frame for one connection could not be delivered; detail: the connection. */
    DELIVERY("delivery to"),
    /** A broadcast could not reach a recipient. */
    BROADCAST("broadcast"),
    /** A heartbeat step failed. */
    HEARTBEAT("heartbeat"),
    /** An observer of the engine ({@link ServerTap}) failed. */
    TAP("tap");

    private final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  static ErrorSite of(Kind kind) {
    return new ErrorSite(kind, null);
  }

  static ErrorSite event(String event) {
    return new ErrorSite(Kind.EVENT, event);
  }

  static ErrorSite ackReply(String handler) {
    return new ErrorSite(Kind.ACK_REPLY, handler);
  }

  static ErrorSite delivery(String connectionId) {
    return new ErrorSite(Kind.DELIVERY, connectionId);
  }

  @Override
  public String toString() {
    if (detail == null) {
      return kind.label;
    }
    return kind == Kind.DELIVERY ? kind.label + " " + detail : kind.label + " '" + detail + "'";
  }
}
