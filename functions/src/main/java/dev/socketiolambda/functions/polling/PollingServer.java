package dev.socketiolambda.functions.polling;

import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.server.ConnectRequest;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.OpenPacket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The Engine.IO v4 long-polling transport over HTTP, as the reference server answers it: the
 * handshake {@code GET ?EIO=4&transport=polling} (the open packet, {@code upgrades: ["websocket"]}),
 * {@code POST} of payloads (packets separated by {@code \x1e}, at most {@code maxPayload} bytes, each
 * handled by the {@link Engine} like a WebSocket frame), {@code GET} long-polls (one at a time: a
 * second concurrent one closes the session) that answer what is queued, or a noop after the hold,
 * and CORS with credentials for the configured origins. Knows nothing about Lambda.
 */
public final class PollingServer {
  private static final String TEXT = "text/plain; charset=UTF-8";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The most a GET answers at once; the rest waits for the next GET. */
  private static final int MAX_ANSWER_BYTES = 1_000_000;
  /** How long a GET waits on a session a WebSocket opened to upgrade (its client pauses polling at the probe). */
  private static final long UPGRADE_HOLD_MS = 1_000;
  /** How long the probe's noop waits for an upgrade packet sent without waiting for it ({@link #probeNoop}). */
  static final long PROBE_NOOP_GRACE_MS = 150;
  private static final String PING = "2";

  private final Engine engine;
  private final StateStore store;
  private final PollingQueue queue;
  private final PollingSettings settings;
  private final LongSupplier clock;

  public PollingServer(Engine engine, StateStore store, PollingQueue queue, PollingSettings settings,
      LongSupplier clock) {
    this.engine = engine;
    this.store = store;
    this.queue = queue;
    this.settings = settings;
    this.clock = clock;
  }

  /** Answers one request; never throws for bad input (4xx with an Engine.IO error body). */
  public PollingResponse handle(PollingRequest r) {
    return cors(r, route(r));
  }

  private PollingResponse route(PollingRequest r) {
    if (r.method().equals("OPTIONS")) {
      return new PollingResponse(204, java.util.Map.of(), "");
    }
    String eio = r.query("EIO");
    if (!"4".equals(eio)) {
      return PollingResponse.error(400, 5, "Unsupported protocol version");
    }
    if (!"polling".equals(r.query("transport"))) {
      return PollingResponse.error(400, 0, "Transport unknown");
    }
    String sid = r.query("sid");
    if (sid == null) {
      return r.method().equals("GET") ? handshake(r) : PollingResponse.error(400, 2, "Bad handshake method");
    }
    return switch (r.method()) {
      case "GET" -> poll(sid);
      case "POST" -> push(sid, r);
      default -> PollingResponse.error(400, 3, "Bad request");
    };
  }

  private PollingResponse handshake(PollingRequest r) {
    String sid = newSid();
    long now = clock.getAsLong();
    queue.create(sid, now);
    engine.onConnect(new ConnectRequest(PollingIds.connectionId(sid), "polling", r.sourceIp(), r.headers(),
        r.query(), now));
    EngineConfig c = engine.config();
    String open = new OpenPacket(sid, List.of("websocket"), c.pingInterval(), c.pingTimeout(), c.maxPayload())
        .toFrame();
    return PollingResponse.text(200, TEXT, open);
  }

  private PollingResponse poll(String sid) {
    long now = clock.getAsLong();
    String connectionId = PollingIds.connectionId(sid);
    if (!queue.acquireGet(sid, now, now + settings.holdMs() + 5_000)) {
      Optional<PollingSession> s = queue.session(sid);
      if (s.isEmpty() || s.get().state() == PollingSession.State.UPGRADED) {
        return unknown();
      }
      if (s.get().isOpen()) {
        // a second GET while one waits: the reference server closes the session
        engine.close(connectionId, "transport error");
        return PollingResponse.error(400, 3, "Bad request");
      }
      return answer(sid); // closed: the last frames (or a noop), then the session is gone
    }
    try {
      Optional<ConnectionRecord> c = store.getConnection(connectionId);
      if (c.isEmpty()) {
        // closed meanwhile (a close packet posted at the same time): its last frames or a noop
        Optional<PollingQueue.Taken> last = queue.take(sid, MAX_ANSWER_BYTES);
        if (last.isPresent() && !last.get().session().isOpen()) {
          return finish(last.get());
        }
        queue.delete(sid);
        return unknown();
      }
      if (pingOverdue(c.get(), now)) {
        engine.close(connectionId, "ping timeout");
        queue.delete(sid);
        return unknown();
      }
      long end = now + settings.holdMs();
      long pingAt = c.get().lastPingAt() > c.get().lastPongAt() ? Long.MAX_VALUE // a pong is awaited
          : (c.get().lastPingAt() == 0 ? c.get().connectedAt() : c.get().lastPingAt()) + engine.config().pingInterval();
      boolean connected = c.get().connectDeadline() == 0; // on a ping phase since its first CONNECT
      Boolean startedAfterProbe = null;
      boolean startedDuringUpgrade = false;
      while (true) {
        long seen = PollSignals.version(sid);
        Optional<PollingQueue.Taken> taken = queue.take(sid, MAX_ANSWER_BYTES);
        if (taken.isEmpty()) {
          return unknown();
        }
        PollingQueue.Taken t = taken.get();
        if (startedAfterProbe == null) {
          startedAfterProbe = t.session().probed();
          startedDuringUpgrade = t.session().upgrading() != null;
        }
        if (startedAfterProbe) {
          // the probe's noop is for the GET that waited when the probe came, not for this later one
          t = new PollingQueue.Taken(t.session(), t.frames().stream().filter(f -> !f.equals(Delivery.NOOP)).toList());
        }
        if (startedDuringUpgrade && t.session().state() != PollingSession.State.CLOSED
            && t.frames().equals(List.of(Delivery.NOOP))) {
          return probeNoop(sid);
        }
        if (!t.frames().isEmpty() || !t.session().isOpen()) {
          return finish(t);
        }
        if (t.session().upgrading() != null) {
          end = Math.min(end, now + UPGRADE_HOLD_MS); // the client is about to move to its WebSocket
        }
        long at = clock.getAsLong();
        if (at >= pingAt) {
          // the ping is due: this GET carries it (the heartbeat schedule sees it recorded)
          long interval = engine.config().pingInterval();
          if (connected) {
            store.recordScheduledPing(connectionId, at, at + interval, interval);
          } else {
            store.recordPing(connectionId, at, at + interval);
          }
          return PollingResponse.text(200, TEXT, PING);
        }
        if (at >= end) {
          return PollingResponse.text(200, TEXT, Delivery.NOOP);
        }
        PollSignals.await(sid, seen, Math.min(Math.min(end, pingAt) - at, settings.lookMs()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PollingResponse.text(200, TEXT, Delivery.NOOP);
    } finally {
      queue.releaseGet(sid);
    }
  }

  /**
   * The probe's noop, for a GET that started after a WebSocket opened to upgrade the session but
   * before its probe was handled. A client that sends the upgrade packet {@code 5} without waiting
   * for this answer (the protocol suite's "ignore HTTP requests with same sid after upgrade" does,
   * and the reference server handles its two frames before the GET) is answered as after the
   * upgrade (400) when {@code 5} is handled within {@link #PROBE_NOOP_GRACE_MS}; a client that waits
   * for this GET before sending {@code 5}, as socket.io-client does, gets the noop after the grace.
   */
  private PollingResponse probeNoop(String sid) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_NOOP_GRACE_MS);
    for (long left = PROBE_NOOP_GRACE_MS; left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
      long seen = PollSignals.version(sid);
      Optional<PollingSession> s = queue.session(sid);
      if (s.isEmpty() || s.get().state() == PollingSession.State.UPGRADED) {
        return unknown();
      }
      PollSignals.await(sid, seen, Math.min(left, settings.lookMs()));
    }
    return PollingResponse.text(200, TEXT, Delivery.NOOP);
  }

  private PollingResponse answer(String sid) {
    return queue.take(sid, MAX_ANSWER_BYTES).map(this::finish).orElseGet(PollingServer::unknown);
  }

  /** The answer of a GET that found frames or a session that is no longer open. */
  private PollingResponse finish(PollingQueue.Taken t) {
    String sid = t.session().sid();
    if (t.session().state() == PollingSession.State.UPGRADED && t.frames().isEmpty()) {
      return unknown(); // the session lives on its WebSocket now, as the reference server answers
    }
    if (t.session().state() == PollingSession.State.CLOSED) {
      queue.delete(sid);
      PollSignals.forget(sid);
    }
    List<String> frames = t.frames();
    return PollingResponse.text(200, TEXT, frames.isEmpty() ? Delivery.NOOP
        : String.join(String.valueOf(EngineIo.RECORD_SEPARATOR), frames));
  }

  private PollingResponse push(String sid, PollingRequest r) {
    String connectionId = PollingIds.connectionId(sid);
    Optional<PollingSession> s = queue.session(sid);
    if (s.isEmpty() || !s.get().isOpen()) {
      return unknown();
    }
    if (r.bodyBytes() > engine.config().maxPayload()) {
      engine.close(connectionId, "transport error");
      return PollingResponse.error(413, 3, "Payload too large");
    }
    for (String packet : r.body().split(String.valueOf(EngineIo.RECORD_SEPARATOR), -1)) {
      if (!packet.isEmpty()) {
        engine.onMessage(connectionId, packet);
      }
    }
    return PollingResponse.text(200, "text/html", "ok");
  }

  /**
   * The client has not answered a ping within {@code pingInterval + pingTimeout} of its last pong
   * (or its handshake): it is gone for the reference server too, even when a late heartbeat tick has
   * not closed it yet.
   */
  private boolean pingOverdue(ConnectionRecord c, long now) {
    EngineConfig config = engine.config();
    long alive = Math.max(c.connectedAt(), c.lastPongAt());
    return now - alive >= config.pingInterval() + config.pingTimeout();
  }

  private PollingResponse cors(PollingRequest r, PollingResponse response) {
    String origin = r.header("origin");
    if (!settings.allows(origin)) {
      return response;
    }
    PollingResponse out = response.withHeader("access-control-allow-origin", origin).withHeader("vary", "Origin")
        .withHeader("access-control-allow-credentials", "true");
    if (r.method().equals("OPTIONS")) {
      out = out.withHeader("access-control-allow-methods", "GET,POST");
      String asked = r.header("access-control-request-headers");
      if (asked != null && !asked.isBlank()) {
        out = out.withHeader("access-control-allow-headers", asked);
      }
    }
    return out;
  }

  private static PollingResponse unknown() {
    return PollingResponse.error(400, 1, "Session ID unknown");
  }

  private static String newSid() {
    byte[] b = new byte[15];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
