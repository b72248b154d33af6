package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A server-to-client emit that expects the client's ack. The answer arrives in a later
 * invocation, so it goes to the handler registered with {@link Namespace#onAckReply} (its
 * {@link AckHandle}) with the context given here; after the timeout the handler gets
 * {@link AckReply#timedOut()}.
 */
public final class AckRequest {
  private final String event;
  private final List<JsonNode> args;
  private final String handler;
  private final JsonNode context;
  private final Duration timeout;

  private AckRequest(String event, List<JsonNode> args, String handler, JsonNode context, Duration timeout) {
    this.event = event;
    this.args = args;
    this.handler = handler;
    this.context = context;
    this.timeout = timeout;
  }

  /** The event and its arguments. */
  public static AckRequest event(String event, Object... args) {
    return new AckRequest(Objects.requireNonNull(event, "event"), Args.of(args), null, null, null);
  }

  /** The handler that receives the reply, as {@link Namespace#onAckReply} returned it. */
  public AckRequest onReply(AckHandle handler) {
    return new AckRequest(event, args, Objects.requireNonNull(handler, "handler").name(), context, timeout);
  }

  /** Data handed back to the handler with the reply. */
  public AckRequest context(Object context) {
    return new AckRequest(event, args, handler, Args.toNode(context), timeout);
  }

  public AckRequest timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
    }
    return new AckRequest(event, args, handler, context, timeout);
  }

  String event() {
    return event;
  }

  List<JsonNode> args() {
    return args;
  }

  String handler() {
    return handler;
  }

  JsonNode context() {
    return context;
  }

  Duration timeout() {
    return timeout;
  }
}
