package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The functional interfaces application code implements. */
public final class Listeners {
  private Listeners() {}

  /** Runs before a socket joins a namespace; throw {@link ConnectError} to refuse it. */
  @FunctionalInterface
  public interface Middleware {
    void check(Socket socket) throws ConnectError;
  }

  /** Runs once when a socket has joined a namespace. */
  @FunctionalInterface
  public interface ConnectionListener {
    void onConnection(Socket socket) throws Exception;
  }

  /** Handles one event; {@code ack} replies to the client's callback. */
  @FunctionalInterface
  public interface EventHandler {
    void handle(Socket socket, List<JsonNode> args, Ack ack) throws Exception;
  }

  /** Sees every event of a namespace, before the event's own handler. */
  @FunctionalInterface
  public interface CatchAllListener {
    void handle(Socket socket, String event, List<JsonNode> args, Ack ack) throws Exception;
  }

  /** Runs when a socket leaves its namespace, with Socket.IO's reason strings. */
  @FunctionalInterface
  public interface DisconnectListener {
    void onDisconnect(Socket socket, String reason) throws Exception;
  }

  /** Gets the client's answer to a server-to-client emit with ack (or its timeout), in a later invocation. */
  @FunctionalInterface
  public interface AckReplyHandler {
    void onReply(Socket socket, AckReply reply) throws Exception;
  }

  /** The application's error hook: failures in listeners, deliveries that failed. */
  @FunctionalInterface
  public interface ErrorHandler {
    void onError(ErrorSite where, Socket socketOrNull, Throwable error);
  }

  /** A request/reply listener: what it returns is the ack's argument (see {@link Namespace#onRequest}). */
  @FunctionalInterface
  public interface RequestHandler<T> {
    Object reply(Socket socket, T input) throws Exception;
  }

  /**
   * Runs before every request handler of a namespace ({@link Namespace#useRequest}), as socket.io's
   * {@code socket.use}: throw (an {@link EventError}) to answer the request with an error instead.
   */
  @FunctionalInterface
  public interface RequestMiddleware {
    void before(Socket socket, String event, Ack ack) throws Exception;
  }

  /** Turns an event's arguments into a handler's input; throw {@link EventError} for bad input. */
  @FunctionalInterface
  public interface ArgDecoder<T> {
    T decode(List<JsonNode> args);
  }

  /**
   * Maps a failed request to the ack's argument (null: no reply). It may also emit, e.g. an
   * {@code error} event when the client asked for no ack.
   */
  @FunctionalInterface
  public interface RequestErrorMapper {
    Object map(Socket socket, String event, Exception error, boolean ackRequested);
  }
}
