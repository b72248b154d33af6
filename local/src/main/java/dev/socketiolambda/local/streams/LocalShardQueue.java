package dev.socketiolambda.local.streams;

import dev.socketiolambda.functions.DaemonThreads;
import dev.socketiolambda.functions.fanout.Shard;
import dev.socketiolambda.functions.fanout.ShardQueue;
import dev.socketiolambda.functions.fanout.SqsShardQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The local stand-in for the SQS queue between a large broadcast and the fan-out function: shards
 * are delivered in parallel on a bounded pool by a consumer (the local stack wires it to
 * {@code FanOut.deliverShard}), and a shard whose consumer throws is delivered again after a
 * delay, as SQS redelivers a message whose processing failed once its visibility timeout passes.
 * After {@code maxReceives} deliveries it goes to the dead-letter list (a redrive policy's
 * {@code maxReceiveCount}), logged on standard error.
 *
 * <p>Like a standard SQS queue: at-least-once, no ordering between shards, and the same size limit
 * ({@link #maxShardBytes()}: the fan-out cuts shards to fit it here as on AWS). A redelivered shard
 * reaches only the connections it has not reached: the fan-out's shard ledger sees to that.
 */
public final class LocalShardQueue implements ShardQueue, AutoCloseable {
  /** Dead letters kept for {@link #deadLetters()}. */
  public static final int MAX_DEAD_LETTERS = 1_000;

  private final Consumer<Shard> consumer;
  private final int maxReceives;
  private final Duration redeliveryDelay;
  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService timer;
  private final Deque<DeadShard> deadLetters = new ArrayDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong redelivered = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final Object idle = new Object();
  private volatile boolean closed;

  /**
   * @param consumer delivers one shard; throwing means "not processed", so it is delivered again
   * @param parallelism shards delivered at once
   * @param capacity shards waiting at most; beyond that {@link #enqueue} fails (SQS would throttle)
   * @param maxReceives deliveries of a shard before it is dead-lettered (>= 1)
   * @param redeliveryDelay delay before the second delivery; doubled for each further one, at most 5 s
   */
  public LocalShardQueue(Consumer<Shard> consumer, int parallelism, int capacity, int maxReceives,
      Duration redeliveryDelay) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    if (parallelism < 1 || capacity < 1 || maxReceives < 1) {
      throw new IllegalArgumentException("invalid local shard queue: parallelism=" + parallelism + ", capacity="
          + capacity + ", maxReceives=" + maxReceives);
    }
    this.maxReceives = maxReceives;
    this.redeliveryDelay = Objects.requireNonNull(redeliveryDelay, "redeliveryDelay");
    this.pool = new ThreadPoolExecutor(parallelism, parallelism, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(capacity), DaemonThreads.named("local-fanout-shard"));
    this.pool.allowCoreThreadTimeOut(true);
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("local-fanout-redelivery"));
  }

  /** 8 shards at once, 10,000 waiting at most, 3 deliveries, 100 ms before the second one. */
  public static LocalShardQueue create(Consumer<Shard> consumer) {
    return new LocalShardQueue(consumer, 8, 10_000, 3, Duration.ofMillis(100));
  }

  /** SQS's limit, so that shards are cut as they are on AWS. */
  @Override
  public long maxShardBytes() {
    return SqsShardQueue.MAX_BATCH_BYTES;
  }

  @Override
  public CompletableFuture<Void> enqueue(List<Shard> shards) {
    for (Shard shard : shards) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("the local shard queue is closed"));
      }
      inFlight.incrementAndGet();
      try {
        pool.execute(() -> receive(shard, 1));
      } catch (RejectedExecutionException e) {
        done();
        return CompletableFuture.failedFuture(new IllegalStateException(closed ? "the local shard queue is closed"
            : "the local shard queue is full (" + pool.getQueue().size() + " shards waiting)", e));
      }
      enqueued.incrementAndGet();
    }
    return CompletableFuture.completedFuture(null);
  }

  private void receive(Shard shard, int receive) {
    if (closed) {
      done();
      return;
    }
    try {
      consumer.accept(shard);
      delivered.incrementAndGet();
      done();
    } catch (Throwable t) {
      if (closed) {
        done();
        return;
      }
      if (receive >= maxReceives) {
        deadLetter(shard, receive, t);
        done();
        return;
      }
      redelivered.incrementAndGet();
      long delay = Math.min(5_000, redeliveryDelay.toMillis() << Math.min(10, receive - 1));
      try {
        timer.schedule(() -> {
          try {
            pool.execute(() -> receive(shard, receive + 1));
          } catch (RejectedExecutionException e) {
            deadLetter(shard, receive, e);
            done();
          }
        }, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        done(); // closing
      }
    }
  }

  private void deadLetter(Shard shard, int receives, Throwable cause) {
    DeadShard dead = new DeadShard(shard, receives, String.valueOf(cause), Instant.now());
    synchronized (deadLetters) {
      deadLetters.addLast(dead);
      while (deadLetters.size() > MAX_DEAD_LETTERS) {
        deadLetters.removeFirst();
      }
    }
    deadLettered.incrementAndGet();
    if (!closed) {
      System.err.println("[local-fanout-queue] gave up on a shard of " + shard.connectionIds().size()
          + " connection(s)" + (shard.eventId() == null ? "" : " (event " + shard.eventId() + ")") + " after "
          + receives + " deliveries: " + cause);
    }
  }

  private void done() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /**
   * Waits until every shard enqueued so far is delivered or dead-lettered.
   *
   * @return false when that did not happen within the timeout
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight.get() > 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        idle.wait(left);
      }
    }
    return true;
  }

  /** Shards given up on (the last {@value #MAX_DEAD_LETTERS}), oldest first. */
  public List<DeadShard> deadLetters() {
    synchronized (deadLetters) {
      return List.copyOf(deadLetters);
    }
  }

  /** Counters since the start. */
  public Stats stats() {
    return new Stats(enqueued.get(), delivered.get(), redelivered.get(), deadLettered.get(), inFlight.get());
  }

  /**
   * What the queue did.
   *
   * @param enqueued shards accepted
   * @param delivered shards whose consumer returned normally
   * @param redeliveries deliveries scheduled again after a failure
   * @param deadLettered shards given up on
   * @param inFlight shards neither delivered nor given up on yet
   */
  public record Stats(long enqueued, long delivered, long redeliveries, long deadLettered, int inFlight) {}

  /** A shard given up on after {@code receives} failed deliveries; {@code error} is the last failure. */
  public record DeadShard(Shard shard, int receives, String error, Instant at) {}

  /** Stops taking shards, lets running deliveries finish for up to 2 s, drops the rest. */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    pool.shutdown();
    try {
      if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
