package dev.socketiolambda.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.fanout.Shard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-process SQS stand-in: parallel delivery, redelivery of failed shards, dead letters. */
class LocalShardQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void deliversEveryShard() throws Exception {
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    try (LocalShardQueue queue = new LocalShardQueue(
        shard -> deliveries.computeIfAbsent(shard.eventId(), k -> new AtomicInteger()).incrementAndGet(),
        4, 1_000, 3, Duration.ofMillis(1))) {
      List<Shard> shards = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        shards.add(new Shard(List.of("c" + i), List.of("42[\"x\"]"), false, "s" + i));
      }
      assertThat(queue.enqueue(shards)).isCompleted();
      assertThat(queue.awaitIdle(WAIT)).isTrue();

      assertThat(deliveries).hasSize(50);
      assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(queue.stats()).isEqualTo(new LocalShardQueue.Stats(50, 50, 0, 0, 0));
    }
  }

  @Test
  void redeliversAFailedShardUntilItSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (LocalShardQueue queue = new LocalShardQueue(shard -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("transient");
      }
    }, 2, 10, 3, Duration.ofMillis(1))) {
      queue.enqueue(List.of(new Shard(List.of("c1"), List.of("42[\"x\"]"), false, "e1"))).join();
      assertThat(queue.awaitIdle(WAIT)).isTrue();

      assertThat(attempts.get()).isEqualTo(3);
      assertThat(queue.stats().delivered()).isEqualTo(1);
      assertThat(queue.stats().redeliveries()).isEqualTo(2);
      assertThat(queue.deadLetters()).isEmpty();
    }
  }

  @Test
  void aShardFailingEveryDeliveryEndsInTheDeadLetters() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (LocalShardQueue queue = new LocalShardQueue(shard -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("always");
    }, 2, 10, 3, Duration.ofMillis(1))) {
      Shard shard = new Shard(List.of("c1", "c2"), List.of("42[\"x\"]"), false, "e1");
      queue.enqueue(List.of(shard)).join();
      assertThat(queue.awaitIdle(WAIT)).isTrue();

      assertThat(attempts.get()).isEqualTo(3);
      assertThat(queue.deadLetters()).singleElement().satisfies(d -> {
        assertThat(d.shard()).isEqualTo(shard);
        assertThat(d.receives()).isEqualTo(3);
        assertThat(d.error()).contains("always");
      });
      assertThat(queue.stats().deadLettered()).isEqualTo(1);
    }
  }

  @Test
  void aFullQueueRefusesShards() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (LocalShardQueue queue = new LocalShardQueue(shard -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, 1, 1, 1, Duration.ofMillis(1))) {
      Shard shard = new Shard(List.of("c1"), List.of("42[\"x\"]"), false, null);
      // one running, one waiting, the third does not fit
      assertThat(queue.enqueue(List.of(shard, shard, shard))).isCompletedExceptionally();
      release.countDown();
      assertThat(queue.awaitIdle(WAIT)).isTrue();
      assertThat(queue.stats().delivered()).isEqualTo(2);
    }
  }
}
