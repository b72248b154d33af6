package dev.socketiolambda.functions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.limits.Decision;
import dev.socketiolambda.functions.limits.Limit;
import dev.socketiolambda.functions.limits.RateKey;
import dev.socketiolambda.functions.limits.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiter} guarantees; run against each implementation. */
public abstract class RateLimiterContract {
  /**
   * Starts at the next whole minute of the real time: counters carry a TTL computed from this clock,
   * and DynamoDB Local deletes items whose TTL has passed in real time.
   */
  protected final TestClock clock = new TestClock(System.currentTimeMillis() / 60_000 * 60_000 + 60_000);

  /** A limiter over empty counters, reading {@link #clock}. */
  protected abstract RateLimiter newLimiter(TestClock clock);

  @Test
  void allowsTheLimitThenRefusesWithTheTimeLeftInTheWindow() {
    RateLimiter limiter = newLimiter(clock);
    Limit limit = Limit.of(3, Duration.ofSeconds(10));
    clock.advance(4_000);
    List<Integer> remaining = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Decision d = limiter.tryAcquire("send", limit, RateKey.user("ada"));
      assertThat(d.allowed()).isTrue();
      remaining.add(d.remaining());
    }
    assertThat(remaining).containsExactly(2, 1, 0);
    Decision refused = limiter.tryAcquire("send", limit, RateKey.user("ada"));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterMs()).isEqualTo(6_000);
    assertThat(refused.retryAfterSeconds()).isEqualTo(6);
    assertThat(refused.message()).isEqualTo("too many requests: at most 3 per 10 s; retry in 6 s");
  }

  @Test
  void aRefusedActionIsNotCounted() {
    RateLimiter limiter = newLimiter(clock);
    Limit one = Limit.of(1, Duration.ofSeconds(10));
    assertThat(limiter.tryAcquire("send", one, RateKey.user("ada")).allowed()).isTrue();
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("send", one, RateKey.user("ada")).allowed()).isFalse();
    }
    // a bigger limit on the same counter sees exactly the one counted action
    Decision d = limiter.tryAcquire("send", Limit.of(3, Duration.ofSeconds(10)), RateKey.user("ada"));
    assertThat(d.allowed()).isTrue();
    assertThat(d.remaining()).isEqualTo(1);
  }

  @Test
  void windowsRollOver() {
    RateLimiter limiter = newLimiter(clock);
    Limit limit = Limit.of(2, Duration.ofSeconds(10));
    for (int window = 0; window < 3; window++) {
      assertThat(limiter.tryAcquire("send", limit, RateKey.user("ada")).allowed()).isTrue();
      assertThat(limiter.tryAcquire("send", limit, RateKey.user("ada")).allowed()).isTrue();
      assertThat(limiter.tryAcquire("send", limit, RateKey.user("ada")).allowed()).isFalse();
      clock.advance(9_999);
      assertThat(limiter.tryAcquire("send", limit, RateKey.user("ada")).retryAfterMs()).isEqualTo(1);
      clock.advance(1);
    }
  }

  @Test
  void keysKindsAndNamesCountApart() {
    RateLimiter limiter = newLimiter(clock);
    Limit one = Limit.of(1, Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire("send", one, RateKey.user("ada")).allowed()).isTrue();
    assertThat(limiter.tryAcquire("send", one, RateKey.user("bob")).allowed()).isTrue();
    assertThat(limiter.tryAcquire("send", one, RateKey.connection("ada")).allowed()).isTrue();
    assertThat(limiter.tryAcquire("send", one, RateKey.ip("ada")).allowed()).isTrue();
    assertThat(limiter.tryAcquire("react", one, RateKey.user("ada")).allowed()).isTrue();
    assertThat(limiter.tryAcquire("send", one, RateKey.user("ada")).allowed()).isFalse();
  }

  @Test
  void refusesCounterNamesThatCouldCollide() {
    RateLimiter limiter = newLimiter(clock);
    Limit one = Limit.of(1, Duration.ofMinutes(1));
    assertThatThrownBy(() -> limiter.tryAcquire("send#user:ada", one, RateKey.user("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counter name");
    assertThatThrownBy(() -> limiter.tryAcquire("", one, RateKey.user("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fiftyParallelCallersNeverPassMoreThanTheLimit() throws Exception {
    RateLimiter limiter = newLimiter(clock);
    Limit limit = Limit.of(10, Duration.ofMinutes(1));
    int callers = 50;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> passed = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        passed.add(pool.submit(() -> {
          start.await();
          int n = 0;
          for (int j = 0; j < 4; j++) {
            n += limiter.tryAcquire("send", limit, RateKey.user("ada")).allowed() ? 1 : 0;
          }
          return n;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : passed) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(limit.max());
    } finally {
      pool.shutdownNow();
    }
  }
}
