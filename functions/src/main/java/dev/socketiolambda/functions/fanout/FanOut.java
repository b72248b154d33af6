package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.delivery.GoneHandler;
import dev.socketiolambda.functions.delivery.Outcome;
import dev.socketiolambda.functions.delivery.RetryPolicy;
import dev.socketiolambda.functions.delivery.SizeLimits;
import dev.socketiolambda.functions.delivery.Tally;
import dev.socketiolambda.functions.delivery.Transport;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.store.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The fan-out engine shared by every broadcast path: queries the rooms' members (all pages), then
 * hands the frames to {@link Delivery} for all recipients with bounded concurrency (its size check,
 * retries and 410 cleanup). Broadcasts with more recipients than the shard threshold are split into
 * shards handed to a {@link ShardQueue} (SQS to the fan-out function on AWS, an in-process queue
 * locally), each delivered by {@link #deliverShard}.
 */
public final class FanOut implements Broadcaster {
  /** How long a broadcast's retries may go on when no invocation says otherwise. */
  public static final long DEFAULT_BUDGET_MS = 10_000;
  /** Recipients of a shard delivered between two ledger records. */
  static final int CHECKPOINT = 250;
  /** A chunk is not started with less time than this left. */
  private static final long MIN_CHUNK_MS = 1_000;
  /** How much longer than its budget a worker's claim on a shard lasts. */
  private static final long LEASE_SLACK_MS = 5_000;

  private final StateStore store;
  private final Delivery delivery;
  private final FanOutSettings settings;
  private final ShardQueue shards;
  private final ShardLedger ledger;
  private final Consumer<Throwable> errors;

  /**
   * @param shards where large broadcasts are split to, or null to deliver everything here
   * @param goneHandler removes a gone connection's rows
   * @param errors receives delivery failures
   */
  public FanOut(StateStore store, Transport transport, FanOutSettings settings, ShardQueue shards,
      GoneHandler goneHandler, Consumer<Throwable> errors) {
    this(store, transport, settings, shards, new InMemoryShardLedger(), goneHandler, errors);
  }

  /** @param ledger records who each shard reached (the state table on AWS) */
  public FanOut(StateStore store, Transport transport, FanOutSettings settings, ShardQueue shards,
      ShardLedger ledger, GoneHandler goneHandler, Consumer<Throwable> errors) {
    this(store, new Delivery(transport, RetryPolicy.DEFAULT.withAttempts(settings.attempts()),
        new SizeLimits(Math.min(SizeLimits.API_GATEWAY.frameBytes(), settings.maxMessageBytes()),
            settings.maxMessageBytes()), goneHandler, System::currentTimeMillis), settings, shards, ledger, errors);
  }

  /** A fan-out over a given delivery component. */
  public FanOut(StateStore store, Delivery delivery, FanOutSettings settings, ShardQueue shards,
      Consumer<Throwable> errors) {
    this(store, delivery, settings, shards, new InMemoryShardLedger(), errors);
  }

  /** A fan-out over a given delivery component and shard ledger. */
  public FanOut(StateStore store, Delivery delivery, FanOutSettings settings, ShardQueue shards, ShardLedger ledger,
      Consumer<Throwable> errors) {
    this.store = store;
    this.delivery = delivery;
    this.settings = settings;
    this.shards = shards;
    this.ledger = ledger;
    this.errors = errors;
  }

  /** The store recipients are read from. */
  public StateStore store() {
    return store;
  }

  public FanOutSettings settings() {
    return settings;
  }

  @Override
  public BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, List<String>> localSink) {
    return broadcast(request, localSink, DEFAULT_BUDGET_MS);
  }

  /**
   * Delivers within {@code budgetMs} (a {@code $default} invocation's remaining time): with a shard
   * queue, recipients not started when the budget runs low, or still failing, are handed to it (a
   * large broadcast goes there whole), so the invocation answers in time and nobody is dropped.
   * Without a queue everything is delivered here, the budget bounding the retries.
   */
  @Override
  public BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, List<String>> localSink,
      long budgetMs) {
    long start = System.nanoTime();
    delivery.limits().check(request.frames());
    List<String> remote = new ArrayList<>();
    int local = 0;
    for (String connectionId : Recipients.resolve(store, request.namespace(), request.rooms(), request.except(),
        request.excludedConnection())) {
      if (localSink.test(connectionId, request.frames())) {
        local++;
      } else {
        remote.add(connectionId);
      }
    }
    BroadcastResult result = shards == null || remote.size() <= settings.shardThreshold() ? null
        : queue(remote, request);
    if (result == null && (shards != null || request.eventId() != null) && !remote.isEmpty()) {
      result = deliverOrHandOff(remote, request, budgetMs);
    }
    if (result == null) {
      result = deliver(remote, request.frames(), request.volatileEmit(), budgetMs);
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    Meter.runtime().count(Metric.BROADCASTS);
    Meter.runtime().add(Metric.BROADCAST_RECIPIENTS, result.recipients() + local);
    Meter.runtime().add(Metric.BROADCAST_MS, ms);
    return new BroadcastResult(result.recipients() + local, result.delivered() + local, result.failed(),
        result.gone(), ms);
  }

  /** Delivers one shard of a large broadcast (the fan-out function's work). */
  public BroadcastResult deliverShard(Shard shard) {
    return deliverShard(shard, DEFAULT_BUDGET_MS);
  }

  /**
   * Splits a large broadcast into shards that fit a queue message and queues them; shards the queue
   * does not take are delivered here. Null when the frames are too large for a message (the
   * caller delivers here).
   */
  private BroadcastResult queue(List<String> remote, BroadcastRequest request) {
    // the same event id gives the same shard ids, so a retried broadcast reaches nobody twice
    String broadcastId = request.eventId() != null ? "e:" + request.eventId() : "b:" + UUID.randomUUID();
    List<Shard> parts = ShardSplitter.split(broadcastId, remote, request.frames(), request.volatileEmit(),
        request.eventId(), settings.shardSize(), shards.maxShardBytes()).orElse(null);
    if (parts == null) {
      return null;
    }
    try {
      shards.enqueue(parts).join();
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof FanOutException.NotQueued notQueued)) {
        throw e;
      }
      errors.accept(notQueued);
      BroadcastResult here = BroadcastResult.NONE;
      for (Shard shard : notQueued.notQueued()) {
        here = here.plus(deliverShard(shard));
      }
      // the queued ones report their own results
      return new BroadcastResult(remote.size(), here.delivered(), here.failed(), here.gone(), 0);
    }
    // queued, not yet delivered: the shards report their own results
    return new BroadcastResult(remote.size(), 0, 0, 0, 0);
  }

  /**
   * Delivers here, in chunks, within the budget. A broadcast with an event id goes through the
   * ledger as one shard: a retry of it (a stream record Lambda retries) reaches only the
   * connections it did not reach. Recipients left (not started in time, or still failing after
   * the retries) are handed to the shard queue, when there is one, under the same shard id (or a
   * new one): the fan-out function retries them alone, and what it cannot deliver ends in its
   * dead-letter queue with the frames, replayable. Those are not counted as failed.
   */
  private BroadcastResult deliverOrHandOff(List<String> remote, BroadcastRequest request, long budgetMs) {
    Shard all = new Shard(request.eventId() == null ? null : "e:" + request.eventId() + "#here", remote,
        request.frames(), request.volatileEmit(), request.eventId());
    Tracked t = deliverTracked(all, budgetMs, shards != null);
    if (t.pending().isEmpty() || shards == null) {
      return t.result();
    }
    Shard rest = new Shard(all.id() != null ? all.id() : "b:" + UUID.randomUUID() + "#rest", t.pending(),
        all.frames(), all.volatileEmit(), all.eventId());
    try {
      shards.enqueue(List.of(rest)).join();
    } catch (CompletionException e) {
      errors.accept(e.getCause());
      return t.result(); // not handed on: the caller sees them failed (a stream record is retried)
    }
    BroadcastResult r = t.result();
    return new BroadcastResult(r.recipients(), r.delivered(), 0, r.gone(), r.durationMs());
  }

  /**
   * Delivers one shard; retries stop {@code budgetMs} from now (the fan-out function's remaining
   * time). A shard with an id is claimed in the {@link ShardLedger} and delivered in chunks of
   * {@value #CHECKPOINT} recipients, each chunk's settled recipients recorded before the next
   * starts: a redelivered shard goes only to the connections not settled yet. Recipients left
   * when the budget runs low count as failed, so the queue delivers the shard again.
   *
   * @throws FanOutException.ShardBusy when another worker holds the shard
   */
  public BroadcastResult deliverShard(Shard shard, long budgetMs) {
    return deliverTracked(shard, budgetMs, true).result();
  }

  /**
   * Delivers a shard received from the queue (the fan-out function, the local queue): as
   * {@link #deliverShard(Shard, long)}, but recipients not reached (of a shard that is not
   * volatile) make it throw, so the queue delivers it again; the ledger sends that delivery to
   * them alone.
   *
   * @throws FanOutException.NotAllReached when recipients are left
   * @throws FanOutException.ShardBusy when another worker holds the shard
   */
  public BroadcastResult deliverQueued(Shard shard, long budgetMs) {
    BroadcastResult r = deliverShard(shard, budgetMs);
    if (r.failed() > 0 && !shard.volatileEmit()) {
      throw new FanOutException.NotAllReached(shard.id(), r);
    }
    return r;
  }

  /** What delivering a shard did, and the recipients it left for a later delivery. */
  private record Tracked(BroadcastResult result, List<String> pending) {}

  /**
   * @param stopEarly whether chunks stop being started when the budget runs low (their recipients
   *     are left for a later delivery); else every recipient is tried, the budget bounding retries
   */
  private Tracked deliverTracked(Shard shard, long budgetMs, boolean stopEarly) {
    long start = System.nanoTime();
    long deadline = delivery.deadlineIn(budgetMs);
    String owner = UUID.randomUUID().toString();
    Set<String> settledBefore = shard.id() == null ? Set.of()
        : ledger.claim(shard.id(), owner, System.currentTimeMillis() + budgetMs + LEASE_SLACK_MS);
    List<String> pending = new ArrayList<>();
    for (String id : shard.connectionIds()) {
      if (!settledBefore.contains(id)) {
        pending.add(id);
      }
    }
    List<String> left = new ArrayList<>();
    int delivered = 0;
    int failed = 0;
    int gone = 0;
    Set<String> unrecorded = Set.of(); // the last chunk's settled connections: recorded with the release
    try {
      for (int i = 0; i < pending.size(); i += CHECKPOINT) {
        List<String> chunk = pending.subList(i, Math.min(pending.size(), i + CHECKPOINT));
        if (stopEarly && i > 0 && deadline - delivery.deadlineIn(0) < MIN_CHUNK_MS) {
          left.addAll(pending.subList(i, pending.size())); // out of time: left for the next delivery
          break;
        }
        if (shard.id() != null && !unrecorded.isEmpty()) {
          ledger.settle(shard.id(), unrecorded); // the chunk before is recorded before the next starts
        }
        unrecorded = Set.of();
        Set<String> settled = ConcurrentHashMap.newKeySet();
        Tally t = delivery.sendToAll(chunk, shard.frames(), shard.volatileEmit(), settings.concurrency(), deadline,
            errors, (id, outcome) -> {
              if (shard.volatileEmit() || outcome.status() != Outcome.Status.FAILED) {
                settled.add(id);
              }
            });
        unrecorded = settled;
        delivered += t.delivered();
        failed += t.failed();
        gone += t.gone();
        for (String id : chunk) {
          if (!settled.contains(id)) {
            left.add(id);
          }
        }
      }
    } finally {
      if (shard.id() != null) {
        ledger.settleAndRelease(shard.id(), unrecorded, owner);
      }
    }
    // a volatile shard's failures are counted but settled: nobody retries them
    return new Tracked(new BroadcastResult(pending.size(), delivered, shard.volatileEmit() ? failed : left.size(), gone,
        elapsedMs(start)), left);
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private BroadcastResult deliver(List<String> connectionIds, List<String> frames, boolean volatileEmit,
      long budgetMs) {
    Tally t = delivery.sendToAll(connectionIds, frames, volatileEmit, settings.concurrency(),
        delivery.deadlineIn(budgetMs), errors);
    return new BroadcastResult(t.recipients(), t.delivered(), t.failed(), t.gone(), 0);
  }
}
