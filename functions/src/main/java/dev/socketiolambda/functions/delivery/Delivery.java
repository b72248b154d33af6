package dev.socketiolambda.functions.delivery;

import dev.socketiolambda.functions.DaemonThreads;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.observability.Traffic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one road out: every frame that leaves the runtime (open packet, replies, emits, broadcasts,
 * acks, pings, close) is delivered here, "to this connection, wherever it is", over a
 * {@link Transport}. One size check ({@link SizeLimits}), one retry policy ({@link RetryPolicy},
 * bounded by a deadline: the invocation's remaining time), one error translation (410 runs the
 * {@link GoneHandler}, 413 is never retried), and route-response awareness ({@link #respond}).
 */
public final class Delivery {
  /** The Engine.IO noop: the route response when there is nothing to say. */
  public static final String NOOP = "6";
  /**
   * Where retries run after their pause: never the common pool, whose few threads would be held
   * by blocking transports; threads are made only when a retry happens.
   */
  private static final Executor RETRIES = Executors.newCachedThreadPool(DaemonThreads.named("socketio-retry"));

  /**
   * The open step's pauses: short (20 ms, doubling up to 250 ms) and as many as its window holds,
   * since API Gateway answers 410 until {@code $connect} has returned.
   */
  private static final RetryPolicy OPEN = new RetryPolicy(Integer.MAX_VALUE, 20, 250);

  private final Transport transport;
  private final RetryPolicy retry;
  private final SizeLimits limits;
  private final GoneHandler gone;
  private final LongSupplier clock;

  /**
   * @param gone removes the rows of a connection the transport reported gone
   * @param clock milliseconds, the time base of deadlines
   */
  public Delivery(Transport transport, RetryPolicy retry, SizeLimits limits, GoneHandler gone, LongSupplier clock) {
    this.transport = transport;
    this.retry = retry;
    this.limits = limits;
    this.gone = gone;
    this.clock = clock;
  }

  public SizeLimits limits() {
    return limits;
  }

  public RetryPolicy retry() {
    return retry;
  }

  /** The outbox of an invocation serving this connection. */
  public Outbox outbox(String connectionId) {
    return new Outbox(connectionId, limits);
  }

  /** A deadline {@code ms} from now, by this delivery's clock. */
  public long deadlineIn(long ms) {
    return clock.getAsLong() + Math.max(0, ms);
  }

  /**
   * Sends frames to one connection, in order, and waits. Oversized frames are refused before any
   * call ({@link Outcome.Status#TOO_LARGE}); a volatile send gets one attempt.
   */
  public Outcome send(String connectionId, List<String> frames, boolean volatileSend, long deadline) {
    return sendAsync(connectionId, frames, volatileSend, deadline).join();
  }

  /** {@link #send} without waiting; the future never fails, the outcome says what happened. */
  public CompletableFuture<Outcome> sendAsync(String connectionId, List<String> frames, boolean volatileSend,
      long deadline) {
    try {
      limits.check(frames);
    } catch (MessageTooLargeException e) {
      return CompletableFuture.completedFuture(new Outcome(Outcome.Status.TOO_LARGE, e));
    }
    int attempts = volatileSend ? 1 : retry.attempts();
    return inOrder(connectionId, frames, 0, retry.withAttempts(attempts), deadline, false)
        .handle((ok, error) -> outcome(connectionId, error));
  }

  /**
   * The open packet: a 410 right after {@code $connect} means "not established yet" and is retried
   * (like 429/5xx) until {@code windowMs} have passed; a connection still gone then is cleaned up.
   */
  public Outcome open(String connectionId, String frame, long windowMs) {
    // the last pause may end a little after the window, as a sleeping loop's would
    return inOrder(connectionId, List.of(frame), 0, OPEN, deadlineIn(windowMs) + OPEN.capMs(), true)
        .handle((ok, error) -> outcome(connectionId, error)).join();
  }

  /**
   * Sends the same frames to many connections with at most {@code concurrency} in flight; gone
   * connections are cleaned up, failures (except of volatile sends) go to {@code failures}.
   */
  public Tally sendToAll(Collection<String> connectionIds, List<String> frames, boolean volatileSend, int concurrency,
      long deadline, Consumer<Throwable> failures) {
    return sendToAll(connectionIds, frames, volatileSend, concurrency, deadline, failures, (id, outcome) -> { });
  }

  /**
   * {@link #sendToAll(Collection, List, boolean, int, long, Consumer)}, telling {@code each} how every
   * recipient's delivery ended (from the transport's threads), so a caller can record who was reached.
   */
  public Tally sendToAll(Collection<String> connectionIds, List<String> frames, boolean volatileSend, int concurrency,
      long deadline, Consumer<Throwable> failures, BiConsumer<String, Outcome> each) {
    if (connectionIds.isEmpty()) {
      return new Tally(0, 0, 0, 0);
    }
    limits.check(frames);
    Semaphore slots = new Semaphore(Math.max(1, concurrency));
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger goneCount = new AtomicInteger();
    List<CompletableFuture<Void>> all = new ArrayList<>(connectionIds.size());
    for (String connectionId : connectionIds) {
      slots.acquireUninterruptibly();
      all.add(sendAsync(connectionId, frames, volatileSend, deadline).thenAccept(o -> {
        slots.release();
        each.accept(connectionId, o);
        switch (o.status()) {
          case DELIVERED -> delivered.incrementAndGet();
          case GONE -> {
            goneCount.incrementAndGet();
            if (o.cause() != null && !(o.cause() instanceof ConnectionGoneException)) {
              failures.accept(o.cause()); // the cleanup failed
            }
          }
          default -> {
            failed.incrementAndGet();
            if (!volatileSend) {
              failures.accept(o.cause());
            }
          }
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new Tally(connectionIds.size(), delivered.get(), failed.get(), goneCount.get());
  }

  /**
   * Route-response awareness: answers an invocation's outbox. With route responses on, the last
   * frame is the route response and the others are posted first; off, all are posted and the
   * answer is the noop. Never null, never empty.
   */
  public Response respond(Outbox outbox, boolean routeResponses, long deadline) {
    List<String> frames = outbox.frames();
    if (outbox.isClosed() || frames.isEmpty()) {
      return new Response(NOOP, Outcome.DELIVERED);
    }
    int posted = routeResponses ? frames.size() - 1 : frames.size();
    Outcome o = posted == 0 ? Outcome.DELIVERED : send(outbox.connectionId(), frames.subList(0, posted), false,
        deadline);
    if (o.status() == Outcome.Status.GONE || !routeResponses) {
      return new Response(NOOP, o);
    }
    Traffic.runtime().sent(frames.get(frames.size() - 1));
    return new Response(frames.get(frames.size() - 1), o);
  }

  /** What a {@code $default} invocation answers, and how posting the frames before it went. */
  public record Response(String routeResponse, Outcome posted) {}

  /** Best effort: sends the last frames once each (volatile), then closes the connection. */
  public void close(String connectionId, List<String> lastFrames) {
    for (String frame : lastFrames) {
      try {
        if (SizeLimits.utf8Length(frame) <= limits.messageBytes()) {
          transport.send(connectionId, frame).join();
        }
      } catch (RuntimeException e) {
        break; // gone or unreachable: it is being closed anyway
      }
    }
    transport.close(connectionId);
  }

  // ------------------------------------------------------------------ the retry loop

  private CompletableFuture<Void> inOrder(String connectionId, List<String> frames, int index, RetryPolicy policy,
      long deadline, boolean retryGone) {
    CompletableFuture<Void> f = attempt(connectionId, frames.get(index), 1, policy, deadline, retryGone);
    if (index + 1 == frames.size()) {
      return f;
    }
    return f.thenCompose(ok -> inOrder(connectionId, frames, index + 1, policy, deadline, retryGone));
  }

  private CompletableFuture<Void> attempt(String connectionId, String frame, int attempt, RetryPolicy policy,
      long deadline, boolean retryGone) {
    CompletableFuture<Void> first;
    try {
      first = transport.send(connectionId, frame);
    } catch (RuntimeException e) {
      first = CompletableFuture.failedFuture(e);
    }
    return first.handle((ok, error) -> {
      Throwable cause = unwrap(error);
      if (cause == null) {
        Meter.runtime().count(Metric.FRAMES_OUT);
        Traffic.runtime().sent(frame);
        return CompletableFuture.<Void>completedFuture(null);
      }
      boolean again = RetryPolicy.retryable(cause) || (retryGone && cause instanceof ConnectionGoneException);
      if (again && attempt < policy.attempts()) {
        long pause = policy.pauseBefore(attempt + 1);
        if (clock.getAsLong() + pause < deadline) {
          Meter.runtime().count(Metric.DELIVERY_RETRIES);
          return CompletableFuture.runAsync(() -> { },
                  CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS, RETRIES))
              .thenCompose(x -> attempt(connectionId, frame, attempt + 1, policy, deadline, retryGone));
        }
      }
      return CompletableFuture.<Void>failedFuture(cause);
    }).thenCompose(x -> x);
  }

  private Outcome outcome(String connectionId, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause == null) {
      return Outcome.DELIVERED;
    }
    if (cause instanceof ConnectionGoneException) {
      Meter.runtime().count(Metric.GONE);
      try {
        gone.gone(connectionId);
      } catch (RuntimeException e) {
        return new Outcome(Outcome.Status.GONE, e);
      }
      return new Outcome(Outcome.Status.GONE, cause);
    }
    Meter.runtime().count(Metric.DELIVERY_FAILURES);
    if (cause instanceof MessageTooLargeException) {
      return new Outcome(Outcome.Status.TOO_LARGE, cause);
    }
    return new Outcome(Outcome.Status.FAILED, cause);
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
