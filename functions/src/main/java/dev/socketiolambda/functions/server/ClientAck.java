package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.protocol.json.Json;

/** The ack of one client event; the first reply wins. */
final class ClientAck implements Ack {
  private final Acks acks;
  private final Call call;
  private final SocketRecord record;
  private final Long id;
  private boolean sent;

  ClientAck(Acks acks, Call call, SocketRecord record, Long id) {
    this.acks = acks;
    this.call = call;
    this.record = record;
    this.id = id;
  }

  @Override
  public boolean requested() {
    return id != null;
  }

  @Override
  public synchronized void send(Object... args) {
    if (id == null || sent) {
      return;
    }
    sent = true;
    acks.sendAck(call, record, id, Args.of(args));
  }

  /** Replies {@code {"error":{"message":..., "data":...}}} unless a reply was already sent. */
  void sendError(String message, JsonNode data) {
    var error = Json.object().put("message", message);
    if (data != null) {
      error.set("data", data);
    }
    send(Json.object().set("error", error));
  }

  void sendError(String message) {
    sendError(message, null);
  }
}
