package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.delivery.Outbox;
import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.fanout.Broadcaster;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.List;

/**
 * Where packets for sockets go: into the route response when they are for the connection being
 * served, else to {@link Delivery} (one socket) or the {@link Broadcaster} (a target).
 */
final class Outbound {
  private final Parts parts;
  private final Broadcaster broadcaster;

  Outbound(Parts parts, Broadcaster broadcaster) {
    this.parts = parts;
    this.broadcaster = broadcaster;
  }

  /** Sends a packet to one connection; an oversized one fails here, where the app emitted it. */
  void emit(Call call, String connectionId, Packet packet, boolean volatileEmit) {
    List<String> frames = SocketIoEncoder.encode(packet).engineFrames();
    Outbox outbox = call.outboxFor(connectionId);
    if (outbox != null) {
      outbox.add(frames);
      return;
    }
    parts.delivery.limits().check(frames);
    Outcome o = parts.delivery.send(connectionId, frames, volatileEmit, call.deadline());
    if (!o.delivered() && !volatileEmit && !(o.cause() instanceof ConnectionGoneException)) {
      parts.io.reportError(ErrorSite.delivery(connectionId), null, o.cause());
    }
  }

  /** Delivers a broadcast; frames for the connection being served go into its route response. */
  BroadcastResult broadcast(Call call, BroadcastRequest request) {
    // bounded by the invocation's remaining time: the fan-out hands what it cannot do in time to its queue
    long budgetMs = Math.max(0, call.deadline() - parts.delivery.deadlineIn(0));
    return broadcaster.broadcast(request, (connectionId, f) -> {
      Outbox outbox = call.outboxFor(connectionId);
      if (outbox == null) {
        return false;
      }
      outbox.add(f);
      return true;
    }, budgetMs);
  }
}
