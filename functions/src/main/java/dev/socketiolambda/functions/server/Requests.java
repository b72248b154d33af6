package dev.socketiolambda.functions.server;

import dev.socketiolambda.protocol.json.Json;
import java.util.concurrent.Callable;

/** Runs a request handler and answers its ack: the reply, or the failure through the namespace's error mapper. */
final class Requests {
  /** {@link EventError} as its message and data; anything else as "internal server error", after onError heard it. */
  static final Listeners.RequestErrorMapper DEFAULT_ERRORS = (socket, event, error, ackRequested) -> {
    if (error instanceof EventError e) {
      var body = Json.object().put("message", e.getMessage());
      if (e.data() != null) {
        body.set("data", e.data());
      }
      return Json.object().set("error", body);
    }
    return Json.object().set("error", Json.object().put("message", "internal server error"));
  };

  private Requests() {}

  static void run(SocketIoServer io, Listeners.RequestErrorMapper errors, Socket socket, String event, Ack ack,
      Callable<Object> handler) {
    Object reply;
    try {
      reply = handler.call();
    } catch (Exception e) {
      if (!(e instanceof EventError)) {
        io.reportError(ErrorSite.event(event), socket, e);
      }
      reply = errors.map(socket, event, e, ack.requested());
    }
    if (reply != null) {
      ack.send(reply);
    }
  }
}
