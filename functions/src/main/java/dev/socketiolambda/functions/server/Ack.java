package dev.socketiolambda.functions.server;

/** The client's ack callback for one event. {@link #send} does nothing when the client asked for no ack. */
public interface Ack {
  /** Whether the client sent an ack id with the event. */
  boolean requested();

  /** Replies to the client's callback; only the first call counts. */
  void send(Object... args);
}
