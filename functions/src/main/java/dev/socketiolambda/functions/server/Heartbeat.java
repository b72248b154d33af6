package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueItem;
import dev.socketiolambda.functions.store.PendingAck;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One heartbeat tick: pings due connections, closes those that stopped answering, expires acks. */
final class Heartbeat {
  private final Parts parts;
  private final Endpoints endpoints;

  Heartbeat(Parts parts, Endpoints endpoints) {
    this.parts = parts;
    this.endpoints = endpoints;
  }

  HeartbeatReport tick() {
    long now = parts.clock.getAsLong();
    Call call = parts.detached();
    int pinged = 0;
    int timedOut = 0;
    int connectTimeouts = 0;
    int acksExpired = 0;
    int gone = 0;
    int failed = 0;
    Set<String> seen = new HashSet<>();
    for (DueItem item : parts.store.due(now)) {
      try {
        if (item.isAck()) {
          Optional<PendingAck> ack = parts.store.takeAck(item.connectionId(), item.ackId());
          if (ack.isPresent()) {
            acksExpired++;
            parts.acks().expire(call, ack.get());
          }
          continue;
        }
        if (!seen.add(item.connectionId())) {
          continue;
        }
        Optional<ConnectionRecord> found = parts.store.getConnection(item.connectionId());
        if (found.isEmpty() || found.get().dueAt() > now) {
          continue; // the index lags the table: not due after all
        }
        ConnectionRecord c = found.get();
        if (c.connectDeadline() > 0 && now >= c.connectDeadline()) {
          connectTimeouts++;
          parts.connections().close(call, c.connectionId(), false, "connect timeout");
        } else if (c.lastPingAt() > c.lastPongAt()) {
          timedOut++;
          parts.connections().close(call, c.connectionId(), false, "ping timeout");
        } else {
          endpoints.remember(c.connectionId(), c.endpoint());
          Outcome o = parts.delivery.send(c.connectionId(), List.of(EngineIo.encode(EnginePacket.ping())), false,
              call.deadline());
          if (o.delivered()) {
            long nextDue = now + parts.config.pingTimeout();
            if (c.connectDeadline() > 0) {
              nextDue = Math.min(nextDue, c.connectDeadline());
            }
            parts.store.recordPing(c.connectionId(), now, nextDue);
            pinged++;
          } else if (o.status() == Outcome.Status.GONE) {
            gone++;
          } else {
            throw new IllegalStateException("ping to " + c.connectionId() + " failed", o.cause());
          }
        }
      } catch (RuntimeException e) {
        failed++;
        parts.io.reportError(ErrorSite.of(ErrorSite.Kind.HEARTBEAT), null, e);
      }
    }
    return new HeartbeatReport(pinged, timedOut, connectTimeouts, acksExpired, gone, failed);
  }
}
