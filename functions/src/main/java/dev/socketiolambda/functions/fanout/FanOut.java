package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.delivery.Delivery;
import dev.socketiolambda.functions.delivery.GoneHandler;
import dev.socketiolambda.functions.delivery.RetryPolicy;
import dev.socketiolambda.functions.delivery.SizeLimits;
import dev.socketiolambda.functions.delivery.Tally;
import dev.socketiolambda.functions.delivery.Transport;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.store.StateStore;
import java.util.ArrayList;
import java.util.List;
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

  private final StateStore store;
  private final Delivery delivery;
  private final FanOutSettings settings;
  private final ShardQueue shards;
  private final Consumer<Throwable> errors;

  /**
   * @param shards where large broadcasts are split to, or null to deliver everything here
   * @param goneHandler removes a gone connection's rows
   * @param errors receives delivery failures
   */
  public FanOut(StateStore store, Transport transport, FanOutSettings settings, ShardQueue shards,
      GoneHandler goneHandler, Consumer<Throwable> errors) {
    this(store, new Delivery(transport, RetryPolicy.DEFAULT.withAttempts(settings.attempts()),
        new SizeLimits(Math.min(SizeLimits.API_GATEWAY.frameBytes(), settings.maxMessageBytes()),
            settings.maxMessageBytes()), goneHandler, System::currentTimeMillis), settings, shards, errors);
  }

  /** A fan-out over a given delivery component. */
  public FanOut(StateStore store, Delivery delivery, FanOutSettings settings, ShardQueue shards,
      Consumer<Throwable> errors) {
    this.store = store;
    this.delivery = delivery;
    this.settings = settings;
    this.shards = shards;
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
    BroadcastResult result;
    if (shards != null && remote.size() > settings.shardThreshold()) {
      List<Shard> parts = new ArrayList<>();
      for (int i = 0; i < remote.size(); i += settings.shardSize()) {
        parts.add(new Shard(remote.subList(i, Math.min(remote.size(), i + settings.shardSize())), request.frames(),
            request.volatileEmit(), request.eventId()));
      }
      shards.enqueue(parts).join();
      // queued, not yet delivered: the shards report their own results
      result = new BroadcastResult(remote.size(), 0, 0, 0, 0);
    } else {
      result = deliver(remote, request.frames(), request.volatileEmit(), DEFAULT_BUDGET_MS);
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

  /** Delivers one shard; retries stop {@code budgetMs} from now (the fan-out function's remaining time). */
  public BroadcastResult deliverShard(Shard shard, long budgetMs) {
    long start = System.nanoTime();
    BroadcastResult r = deliver(shard.connectionIds(), shard.frames(), shard.volatileEmit(), budgetMs);
    return new BroadcastResult(r.recipients(), r.delivered(), r.failed(), r.gone(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private BroadcastResult deliver(List<String> connectionIds, List<String> frames, boolean volatileEmit,
      long budgetMs) {
    Tally t = delivery.sendToAll(connectionIds, frames, volatileEmit, settings.concurrency(),
        delivery.deadlineIn(budgetMs), errors);
    return new BroadcastResult(t.recipients(), t.delivered(), t.failed(), t.gone(), 0);
  }
}
