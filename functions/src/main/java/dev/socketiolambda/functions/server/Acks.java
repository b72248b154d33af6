package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.delivery.MessageTooLargeException;
import dev.socketiolambda.functions.polling.PollingIds;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.PendingAck;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.Packet;
import java.util.List;
import java.util.Optional;

/** Both kinds of acks: replies to client events, and server-to-client emits whose reply arrives later. */
final class Acks {
  private final Parts parts;

  Acks(Parts parts) {
    this.parts = parts;
  }

  /** Sends an ack; one too large is refused (the app gets the error) and the client gets an ack error instead. */
  void sendAck(Call call, SocketRecord record, long id, List<JsonNode> args) {
    try {
      call.emit(record, Packet.ack(record.namespace(), id, args), false);
    } catch (MessageTooLargeException e) {
      call.emit(record, Packet.ack(record.namespace(), id,
          List.of(Json.object().set("error", Json.object().put("message", e.getMessage())))), false);
      throw e;
    }
  }

  void emitWithAck(Call call, SocketRecord record, AckRequest request) {
    Namespace ns = parts.io.resolve(record.namespace());
    if (request.handler() == null || ns == null || ns.ackHandler(request.handler()) == null) {
      throw new IllegalArgumentException("emitWithAck needs onReply(handle) with a handle that Namespace.onAckReply of "
          + record.namespace() + " returned, was " + request.handler());
    }
    long id = register(parts.store, parts.clock.getAsLong(), parts.config.defaultAckTimeout(), record, request);
    call.emit(record, Packet.event(record.namespace(), request.event(), request.args(), id), false);
  }

  /** Stores the pending ack of a server-to-client emit; returns its id. */
  static long register(StateStore store, long now, long defaultTimeoutMs, SocketRecord record, AckRequest request) {
    long timeout = request.timeout() == null ? defaultTimeoutMs : request.timeout().toMillis();
    String context = request.context() == null ? "" : Json.write(request.context());
    for (int attempt = 0; ; attempt++) {
      long id = Ids.nextAckId();
      try {
        store(store, new PendingAck(record.connectionId(), id, record.namespace(), record.sid(),
            request.handler(), context, now + timeout));
        return id;
      } catch (RuntimeException e) {
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /**
   * A WebSocket connection's ack: 1 put. A polling session's: 1 transaction (its socket row must
   * exist), else its socket moved to the WebSocket of an upgrade after the caller read it, and the
   * move may have read the acks already: 1 query of the socket's own room finds where it is now and
   * the ack goes there (1 put), so the reply the WebSocket brings finds it and its timeout runs.
   */
  private static void store(StateStore store, PendingAck ack) {
    if (!PollingIds.isPolling(ack.connectionId())) {
      store.putAck(ack);
      return;
    }
    if (store.putAckWhileSocket(ack)) {
      return;
    }
    String now = store.members(ack.namespace(), ack.sid()).stream().map(Member::connectionId)
        .filter(c -> !c.equals(ack.connectionId())).findFirst().orElse(ack.connectionId());
    // the socket left (not moved): stored where it was, as for a WebSocket; it expires unanswered
    store.putAck(new PendingAck(now, ack.ackId(), ack.namespace(), ack.sid(), ack.handler(), ack.contextJson(),
        ack.expiresAt()));
  }

  /** An ACK packet from the client: the reply to an earlier {@link #emitWithAck}. */
  void onAckPacket(Call call, Packet packet) {
    if (!packet.hasId()) {
      return;
    }
    Optional<PendingAck> pending = parts.store.takeAck(call.connectionId(), packet.id());
    if (pending.isEmpty() && parts.seam.awaitMove(call.connectionId(), parts.delivery)) {
      pending = parts.store.takeAck(call.connectionId(), packet.id()); // a reply that overtook its upgrade's move
    }
    if (pending.isEmpty()) {
      return; // unknown or already timed out
    }
    deliverReply(call, pending.get(), new AckReply(false, packet.args(), contextOf(pending.get())));
  }

  /** The heartbeat found an ack past its timeout. */
  void expire(Call call, PendingAck ack) {
    deliverReply(call, ack, new AckReply(true, List.of(), contextOf(ack)));
  }

  private void deliverReply(Call call, PendingAck ack, AckReply reply) {
    Namespace ns = parts.io.resolve(ack.namespace());
    Listeners.AckReplyHandler handler = ns == null ? null : ns.ackHandler(ack.handler());
    Optional<SocketRecord> record = parts.store.getSocket(ack.connectionId(), ack.namespace());
    if (handler == null || record.isEmpty()) {
      return;
    }
    Socket socket = parts.sockets().socketOf(call, record.get());
    try {
      handler.onReply(socket, reply);
    } catch (Exception e) {
      parts.io.reportError(ErrorSite.ackReply(ack.handler()), socket, e);
    }
    parts.sockets().saveData(socket, record.get().dataJson());
  }

  private static JsonNode contextOf(PendingAck ack) {
    return ack.contextJson() == null || ack.contextJson().isEmpty() ? Json.nodes().nullNode()
        : Json.parse(ack.contextJson());
  }
}
