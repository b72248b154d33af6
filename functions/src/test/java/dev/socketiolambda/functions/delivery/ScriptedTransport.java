package dev.socketiolambda.functions.delivery;

import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Transport} for unit tests of {@link Delivery}: answers each send with the next injected
 * status of its connection (none = accepted), records accepted frames and closes, and measures the
 * sends in flight when it runs them on an executor.
 */
final class ScriptedTransport implements Transport {
  private final Map<String, Deque<Integer>> failures = new HashMap<>();
  private final Map<String, List<String>> accepted = new HashMap<>();
  private final List<String> closed = new ArrayList<>();
  private final Executor executor;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private int attempts;

  ScriptedTransport(Executor executor) {
    this.executor = executor;
  }

  ScriptedTransport() {
    this(null);
  }

  /** The next {@code times} sends to the connection answer {@code status}. */
  synchronized ScriptedTransport fail(String connectionId, int times, int status) {
    Deque<Integer> q = failures.computeIfAbsent(connectionId, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      q.add(status);
    }
    return this;
  }

  @Override
  public CompletableFuture<Void> send(String connectionId, String frame) {
    if (executor == null) {
      return answer(connectionId, frame);
    }
    return CompletableFuture.supplyAsync(() -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(2);
        return answer(connectionId, frame);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableFuture.<Void>failedFuture(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }, executor).thenCompose(f -> f);
  }

  private synchronized CompletableFuture<Void> answer(String connectionId, String frame) {
    attempts++;
    Deque<Integer> q = failures.get(connectionId);
    Integer status = q == null ? null : q.poll();
    if (status == null) {
      accepted.computeIfAbsent(connectionId, k -> new ArrayList<>()).add(frame);
      return CompletableFuture.completedFuture(null);
    }
    GatewayException e = switch (status) {
      case 410 -> new ConnectionGoneException(connectionId, null);
      case 413 -> new MessageTooLargeException(-1, 131_072, null);
      default -> new GatewayException("post to " + connectionId + " failed with " + status + " (injected)", status,
          null);
    };
    return CompletableFuture.failedFuture(e);
  }

  @Override
  public synchronized void close(String connectionId) {
    closed.add(connectionId);
  }

  synchronized List<String> frames(String connectionId) {
    return List.copyOf(accepted.getOrDefault(connectionId, List.of()));
  }

  synchronized List<String> closed() {
    return List.copyOf(closed);
  }

  synchronized int attempts() {
    return attempts;
  }

  int maxInFlight() {
    return maxInFlight.get();
  }
}
