package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.DaemonThreads;
import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.polling.PollingIds;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueItem;
import dev.socketiolambda.functions.store.PendingAck;
import dev.socketiolambda.functions.store.PingPhase;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One heartbeat tick: pings due connections, closes those that stopped answering, expires acks.
 *
 * <ul>
 *   <li><b>Parallel:</b> connections are handled {@value #PARALLELISM} at a time (each: its expired
 *       acks, then its ping or close), the most overdue first.</li>
 *   <li><b>Quiet on the phase:</b> a connection after its first CONNECT is pinged at a fixed offset
 *       into the interval, and those pings write nothing: the tick's time on the phase says which ping
 *       is next, the last pong which pings before it were answered ({@code docs/design.md},
 *       "Connection life cycle"). A heartbeat cycle is the pong's one write unit.</li>
 *   <li><b>Time-aware:</b> no connection is started once the tick's budget (the function's
 *       remaining time less a margin) has run out; those left are counted as {@code deferred}.</li>
 *   <li><b>Resumable, nothing lost:</b> a connection left (deferred, or its handling failed) keeps
 *       its row in the due index, and the next tick finds it: every tick looks back the index's
 *       usual window, and further, to where this instance's last tick stopped being sure
 *       ({@link #handledUntil}: its start, or the earliest due time it deferred), so a long tick (a
 *       sweep on a slow DynamoDB) or a late one cannot leave a live connection unpinged until the next
 *       sweep (its client would give up first, after pingInterval + pingTimeout); and the first tick in a
 *       minute that is a multiple of {@link #SWEEP_EVERY_MS} looks back over the whole lifetime of index
 *       rows, so a connection behind by more than the window that no tick of this instance saw (another
 *       instance's tick stopped, or the heartbeat did not run for a while) is found within ten minutes.</li>
 * </ul>
 */
final class Heartbeat {
  /**
   * Connections handled at once: each is two blocking DynamoDB calls and one post (about 30 ms on
   * AWS), so 64 make some 2,000 a second: 100,000 in a tick of 50 s.
   */
  static final int PARALLELISM = 64;
  /** Ticks in minutes that are multiples of this look back over every row of the due index. */
  static final long SWEEP_EVERY_MS = 10 * 60_000L;
  /** A tick this long after a multiple of {@link #SWEEP_EVERY_MS} sweeps, the first one of the instance only. */
  static final long SWEEP_WINDOW_START_MS = 60_000;
  /** How far a sweep looks back (the store clamps it to its rows' lifetime). */
  static final long SWEEP_WINDOW_MS = 3 * 3_600_000L;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(PARALLELISM,
      DaemonThreads.named("socketio-heartbeat"));

  private final Parts parts;
  private final Endpoints endpoints;
  private final AtomicLong lastSweepAt = new AtomicLong(Long.MIN_VALUE / 2);
  /**
   * Every connection due before this was taken up by this instance's ticks: the start of the last
   * tick, or the earliest due time it deferred. Unknown ({@link Long#MIN_VALUE}) on a new instance,
   * whose first tick looks back the index's usual window.
   */
  private final AtomicLong handledUntil = new AtomicLong(Long.MIN_VALUE);
  /** When this instance's last tick started ({@link Long#MIN_VALUE} before its first). */
  private final AtomicLong lastTickAt = new AtomicLong(Long.MIN_VALUE);

  Heartbeat(Parts parts, Endpoints endpoints) {
    this.parts = parts;
    this.endpoints = endpoints;
  }

  HeartbeatReport tick() {
    return tick(Engine.DEFAULT_BUDGET_MS);
  }

  /** A tick that starts no connection after {@code budgetMs} of wall time. */
  HeartbeatReport tick(long budgetMs) {
    long stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, budgetMs));
    long now = parts.clock.getAsLong();
    long previousTick = lastTickAt.getAndSet(now);
    long last = lastSweepAt.get();
    // once per window: the schedule ticks once a minute on AWS, far more often on the local stack
    boolean sweep = Math.floorMod(now, SWEEP_EVERY_MS) < SWEEP_WINDOW_START_MS && now - last >= SWEEP_WINDOW_START_MS
        && lastSweepAt.compareAndSet(last, now);
    List<DueItem> items = new ArrayList<>(sweep ? parts.store.due(now - SWEEP_WINDOW_MS, now) : dueSinceLastTick(now));
    items.addAll(parts.store.duePings(pingsSince(now), now, parts.config.pingInterval()));
    Map<String, List<DueItem>> byConnection = new LinkedHashMap<>();
    items.stream().sorted(Comparator.comparingLong(DueItem::dueAt))
        .forEach(i -> byConnection.computeIfAbsent(i.connectionId(), k -> new ArrayList<>()).add(i));
    Counts counts = new Counts(previousTick);
    Semaphore slots = new Semaphore(PARALLELISM);
    List<CompletableFuture<Void>> running = new ArrayList<>();
    long firstDeferred = Long.MAX_VALUE;
    for (List<DueItem> due : byConnection.values()) {
      long leftNanos = stopAt - System.nanoTime();
      if (leftNanos <= 0) {
        counts.deferred.incrementAndGet(); // stays in the index: the next tick takes it
        firstDeferred = Math.min(firstDeferred, due.get(0).dueAt());
        continue;
      }
      try {
        if (!slots.tryAcquire(leftNanos, TimeUnit.NANOSECONDS)) {
          counts.deferred.incrementAndGet();
          firstDeferred = Math.min(firstDeferred, due.get(0).dueAt());
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      Call call = new Call(parts, null, parts.delivery.deadlineIn(
          Math.min(Engine.DEFAULT_BUDGET_MS, TimeUnit.NANOSECONDS.toMillis(stopAt - System.nanoTime()) + 1)));
      running.add(CompletableFuture.runAsync(() -> {
        try {
          handle(call, due, now, counts);
        } finally {
          slots.release();
        }
      }, POOL));
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    // due(since, now) finds what is due after since: a deferred connection's own due time included; one
    // whose ping failed when it first fell due is taken again once (on its phase it would otherwise wait a
    // whole interval; a connection that fails every time does not hold every later window open)
    long firstLeft = Math.min(firstDeferred, counts.firstFailed.get());
    handledUntil.set(firstLeft == Long.MAX_VALUE ? now : Math.min(firstLeft - 1, now));
    return new HeartbeatReport(counts.pinged.get(), counts.timedOut.get(), counts.connectTimeouts.get(),
        counts.acksExpired.get(), counts.gone.get(), counts.failed.get(), counts.deferred.get());
  }

  /**
   * What is due: the index's usual window, and back to {@link #handledUntil} when the last tick ran
   * long or deferred connections, but never further back than the ping timeout: a client whose ping
   * was due longer ago than that has given up already (the sweep finds its rows).
   */
  private List<DueItem> dueSinceLastTick(long now) {
    long since = handledUntil.get();
    if (since == Long.MIN_VALUE) {
      return parts.store.due(now);
    }
    return parts.store.due(Math.min(now, Math.max(since, now - parts.config.pingTimeout())), now);
  }

  /**
   * Where the window of connections on a ping phase starts: where the last tick stopped being sure,
   * on a new instance the ping timeout back, never further back than that (a client whose ping was
   * due longer ago has given up already, and one whose phase the window misses comes back on it an
   * interval later): a sweep does not read every connection.
   */
  private long pingsSince(long now) {
    long since = handledUntil.get();
    long earliest = now - Math.min(parts.config.pingTimeout(), parts.config.pingInterval() - 1);
    return since == Long.MIN_VALUE ? earliest : Math.min(now, Math.max(since, earliest));
  }

  /** One connection's due items: its expired acks, then its ping or close. */
  private void handle(Call call, List<DueItem> due, long now, Counts counts) {
    boolean connectionDue = false;
    for (DueItem item : due) {
      if (!item.isAck()) {
        connectionDue = true;
        continue;
      }
      try {
        Optional<PendingAck> ack = parts.store.takeAck(item.connectionId(), item.ackId());
        if (ack.isPresent()) {
          counts.acksExpired.incrementAndGet();
          parts.acks().expire(call, ack.get());
        }
      } catch (RuntimeException e) {
        counts.failed.incrementAndGet();
        parts.io.reportError(ErrorSite.of(ErrorSite.Kind.HEARTBEAT), null, e);
      }
    }
    if (!connectionDue) {
      return;
    }
    try {
      ping(call, due.get(0).connectionId(), now, counts);
    } catch (RuntimeException e) {
      counts.failed.incrementAndGet();
      if (due.get(0).dueAt() > counts.previousTick) { // it fell due since the last tick: its first attempt
        counts.firstFailed.accumulateAndGet(due.get(0).dueAt(), Math::min);
      }
      parts.io.reportError(ErrorSite.of(ErrorSite.Kind.HEARTBEAT), null, e);
    }
  }

  private void ping(Call call, String connectionId, long now, Counts counts) {
    Optional<ConnectionRecord> found = parts.store.getConnection(connectionId);
    if (found.isEmpty() || found.get().dueAt() > now) {
      return; // the index lags the table: not due after all
    }
    ConnectionRecord c = found.get();
    long interval = parts.config.pingInterval();
    long timeout = parts.config.pingTimeout();
    boolean connected = c.connectDeadline() == 0; // its first CONNECT came
    boolean onPhase = c.onPingPhase(); // since that CONNECT, or its first scheduled ping (a row put after an upgrade)
    // on its phase the row's due time is its first ping there, and the pings after it write nothing: the
    // tick's time on the phase says which ping is next, the last pong which of those before it were answered
    PingPhase phase = PingPhase.of(c.dueAt(), interval);
    long current = onPhase ? phase.lastAt(now) : c.dueAt();
    if (onPhase && c.lastPongAt() >= current && counts.mayHavePinged(current)) {
      return; // an earlier tick pinged it at this time already (its window overlapped this one) and got the pong
    }
    boolean recordedUnanswered = c.lastPingAt() > c.lastPongAt();
    // the first time on the phase whose ping no pong followed; its ping was not recorded, and a tick may
    // not have sent it at all (a failed post, a window a late tick skipped, a wait for a slow pong)
    long unrecorded = onPhase && !recordedUnanswered
        ? Math.max(c.dueAt(), phase.lastAt(c.lastPongAt()) + interval) : Long.MAX_VALUE;
    if (unrecorded >= current) {
      unrecorded = 0; // every ping before this one was answered
    }
    if (!connected && now >= c.connectDeadline()) {
      counts.connectTimeouts.incrementAndGet();
      parts.connections().close(call, c.connectionId(), false, "connect timeout");
    } else if (recordedUnanswered && now < c.lastPingAt() + timeout) {
      // unanswered, but younger than pingTimeout (longer than the interval): its pong may still come
      if (!connected) {
        parts.store.recordPing(c.connectionId(), c.lastPingAt(), Math.min(c.lastPingAt() + timeout, c.connectDeadline()));
      } // connected: the next time on its phase looks again
    } else if (recordedUnanswered
        || unrecorded > 0 && now >= Math.max(c.lastPongAt(), c.connectedAt()) + interval + timeout) {
      // an unrecorded ping counts once the client would have given up even if it was never sent
      counts.timedOut.incrementAndGet();
      parts.connections().close(call, c.connectionId(), false, "ping timeout");
    } else {
      endpoints.remember(c.connectionId(), c.endpoint());
      Outcome o = parts.delivery.send(c.connectionId(), List.of(EngineIo.encode(EnginePacket.ping())), false,
          call.deadline());
      if (o.delivered()) {
        recordPing(c, current, now, unrecorded);
        counts.pinged.incrementAndGet();
      } else if (o.status() == Outcome.Status.GONE) {
        counts.gone.incrementAndGet();
      } else {
        throw new IllegalStateException("ping to " + c.connectionId() + " failed", o.cause());
      }
    }
  }

  /**
   * After a ping sent for the due time {@code current} (its time on the phase, or the time-bucketed row's
   * due time): the next is an interval after it, so the ticks'
   * lateness does not add up (the client's timer counts from each ping it gets), and at least half an
   * interval away after a late tick. On its phase that next ping is known without a write. Putting a
   * connected row on its phase (one put time-bucketed by an upgrade from long-polling) or moving it there
   * (a tick far behind), a connection before its first CONNECT and a long-polling session (whose GETs
   * carry pings and read {@code lastPingAt}) record the ping; so does one sent while an unrecorded ping
   * ({@code unrecorded}, 0 if none) waits for its pong, with that ping's time: the pong is awaited from
   * then, and this ping reaches the client if that one never went out.
   */
  private void recordPing(ConnectionRecord c, long current, long now, long unrecorded) {
    long interval = parts.config.pingInterval();
    long nextPing = Math.max(current + interval, now + interval / 2);
    if (c.connectDeadline() > 0) {
      parts.store.recordPing(c.connectionId(), now, Math.min(nextPing, c.connectDeadline()));
    } else if (!c.onPingPhase() || nextPing != current + interval) {
      parts.store.recordScheduledPing(c.connectionId(), now, nextPing, interval);
    } else if (unrecorded > 0 || PollingIds.isPolling(c.connectionId())) {
      parts.store.recordScheduledPing(c.connectionId(), unrecorded > 0 ? unrecorded : now, nextPing, interval);
    }
  }

  private static final class Counts {
    /** When the instance's previous tick started. */
    final long previousTick;
    final AtomicInteger pinged = new AtomicInteger();
    final AtomicInteger timedOut = new AtomicInteger();
    final AtomicInteger connectTimeouts = new AtomicInteger();
    final AtomicInteger acksExpired = new AtomicInteger();
    final AtomicInteger gone = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger deferred = new AtomicInteger();
    /**
     * The earliest due time of a connection whose ping failed at its first attempt (due since the
     * previous tick), {@link Long#MAX_VALUE} if none.
     */
    final AtomicLong firstFailed = new AtomicLong(Long.MAX_VALUE);

    Counts(long previousTick) {
      this.previousTick = previousTick;
    }

    /**
     * Whether a tick may have pinged at this due time already: the instance's previous tick started at
     * or after it (a window read again: deferred connections, a failed ping), or this is a new
     * instance, whose first window reaches back over what other instances handled.
     */
    boolean mayHavePinged(long dueAt) {
      return previousTick == Long.MIN_VALUE || dueAt <= previousTick;
    }
  }
}
