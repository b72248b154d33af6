package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.Backoff;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;
import dev.socketiolambda.functions.store.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The fan-out engine shared by every broadcast path: queries the rooms' members (all pages), then
 * posts to each recipient in parallel with bounded concurrency through a non-blocking
 * {@link Poster}; 429/5xx are retried with jitter, 410 removes the connection, oversized frames
 * are refused before any call. Broadcasts with more recipients than the shard threshold are split
 * into shards handed to a {@link ShardQueue} (SQS to the fan-out function on AWS, an in-process
 * queue locally), each delivered by {@link #deliverShard}.
 */
public final class FanOut implements Broadcaster {
  private final StateStore store;
  private final Poster poster;
  private final FanOutSettings settings;
  private final ShardQueue shards;
  private final GoneHandler goneHandler;
  private final Consumer<Throwable> errors;

  /**
   * @param shards where large broadcasts are split to, or null to deliver everything here
   * @param goneHandler removes a gone connection's rows
   * @param errors receives delivery failures
   */
  public FanOut(StateStore store, Poster poster, FanOutSettings settings, ShardQueue shards, GoneHandler goneHandler,
      Consumer<Throwable> errors) {
    this.store = store;
    this.poster = poster;
    this.settings = settings;
    this.shards = shards;
    this.goneHandler = goneHandler;
    this.errors = errors;
  }

  public FanOutSettings settings() {
    return settings;
  }

  @Override
  public BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, List<String>> localSink) {
    long start = System.nanoTime();
    for (String frame : request.frames()) {
      int bytes = frame.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > settings.maxFrameBytes()) {
        throw new IllegalArgumentException("frame of " + bytes + " bytes exceeds the management API limit of "
            + settings.maxFrameBytes() + " bytes: send less data per event");
      }
    }
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
      result = deliver(remote, request.frames(), request.volatileEmit());
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return new BroadcastResult(result.recipients() + local, result.delivered() + local, result.failed(),
        result.gone(), ms);
  }

  /** Delivers one shard of a large broadcast (the fan-out function's work). */
  public BroadcastResult deliverShard(Shard shard) {
    long start = System.nanoTime();
    BroadcastResult r = deliver(shard.connectionIds(), shard.frames(), shard.volatileEmit());
    return new BroadcastResult(r.recipients(), r.delivered(), r.failed(), r.gone(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private BroadcastResult deliver(List<String> connectionIds, List<String> frames, boolean volatileEmit) {
    if (connectionIds.isEmpty()) {
      return BroadcastResult.NONE;
    }
    Semaphore slots = new Semaphore(settings.concurrency());
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger gone = new AtomicInteger();
    int attempts = volatileEmit ? 1 : settings.attempts();
    List<CompletableFuture<Void>> all = new ArrayList<>(connectionIds.size());
    for (String connectionId : connectionIds) {
      slots.acquireUninterruptibly();
      CompletableFuture<Void> f = sendAll(connectionId, frames, 0, attempts)
          .handle((ok, error) -> {
            slots.release();
            Throwable cause = unwrap(error);
            if (cause == null) {
              delivered.incrementAndGet();
            } else if (cause instanceof ConnectionGoneException) {
              gone.incrementAndGet();
              try {
                goneHandler.gone(connectionId);
              } catch (RuntimeException e) {
                errors.accept(e);
              }
            } else {
              failed.incrementAndGet();
              if (!volatileEmit) {
                errors.accept(cause);
              }
            }
            return null;
          });
      all.add(f);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new BroadcastResult(connectionIds.size(), delivered.get(), failed.get(), gone.get(), 0);
  }

  /** Posts the frames in order, each with retries. */
  private CompletableFuture<Void> sendAll(String connectionId, List<String> frames, int index, int attempts) {
    CompletableFuture<Void> f = sendWithRetry(connectionId, frames.get(index), 1, attempts);
    if (index + 1 == frames.size()) {
      return f;
    }
    return f.thenCompose(ok -> sendAll(connectionId, frames, index + 1, attempts));
  }

  private CompletableFuture<Void> sendWithRetry(String connectionId, String frame, int attempt, int attempts) {
    CompletableFuture<Void> first;
    try {
      first = poster.post(connectionId, frame);
    } catch (RuntimeException e) {
      first = CompletableFuture.failedFuture(e);
    }
    return first.handle((ok, error) -> {
      Throwable cause = unwrap(error);
      if (cause == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      if (attempt < attempts && retryable(cause)) {
        Executor later = CompletableFuture.delayedExecutor(Backoff.delayMs(attempt, 25, 1_000), TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> null, later)
            .thenCompose(x -> sendWithRetry(connectionId, frame, attempt + 1, attempts));
      }
      return CompletableFuture.<Void>failedFuture(cause);
    }).thenCompose(x -> x);
  }

  static boolean retryable(Throwable cause) {
    if (cause instanceof ConnectionGoneException) {
      return false;
    }
    if (cause instanceof GatewayException g) {
      return g.statusCode() == 0 || g.statusCode() == 429 || g.statusCode() >= 500;
    }
    return false;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
