package dev.socketiolambda.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The local scheduler on real daemon threads; each test waits for a count of ticks, never for a time. */
class LocalSchedulerTest {
  private final TickRunner runner = new TickRunner(TickRunnerTest.EMITTER, line -> { });

  @Test
  void keepsTickingAfterFailures() throws Exception {
    CountDownLatch threeTicks = new CountDownLatch(3);
    Schedule failing = new Schedule("failing", Duration.ofSeconds(1), tick -> {
      threeTicks.countDown();
      throw new IllegalStateException("always");
    });
    try (LocalScheduler scheduler = LocalScheduler.start(List.of(failing), runner, System::currentTimeMillis)) {
      assertThat(threeTicks.await(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void ticksOfASlowScheduleNeverOverlap() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch threeTicks = new CountDownLatch(3);
    Schedule slow = new Schedule("slow", Duration.ofSeconds(1), tick -> {
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
      Thread.sleep(1_500); // longer than the period
      inside.decrementAndGet();
      threeTicks.countDown();
    });
    Schedule other = new Schedule("other", Duration.ofSeconds(1), tick -> { });
    try (LocalScheduler scheduler = LocalScheduler.start(List.of(slow, other), runner, System::currentTimeMillis)) {
      assertThat(threeTicks.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void closeStopsTheTicks() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    CountDownLatch first = new CountDownLatch(1);
    LocalScheduler scheduler = LocalScheduler.start(List.of(new Schedule("s", Duration.ofSeconds(1), tick -> {
      ticks.incrementAndGet();
      first.countDown();
    })), runner, System::currentTimeMillis);
    assertThat(first.await(20, TimeUnit.SECONDS)).isTrue();
    scheduler.close();
    int atClose = ticks.get();
    Thread.sleep(2_500); // more than two periods
    assertThat(ticks.get()).isEqualTo(atClose);
  }
}
