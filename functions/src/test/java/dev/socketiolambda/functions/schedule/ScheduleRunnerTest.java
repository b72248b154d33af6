package dev.socketiolambda.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.testing.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The per-minute and per-schedule invocations on a test clock: sleeping moves the clock. */
class ScheduleRunnerTest {
  private static final long MINUTE = 1_700_000_040_000L; // a whole minute
  private final TestClock clock = new TestClock(MINUTE + 300); // EventBridge invokes a little after the minute
  private final List<String> ticks = new CopyOnWriteArrayList<>();
  private final Schedules schedules = new Schedules();
  private final InMemoryLease lease = new InMemoryLease();
  private final ScheduleRunner runner = new ScheduleRunner(schedules, new TickRunner(TickRunnerTest.EMITTER,
      line -> { }), lease, clock, clock::advance, 5_000);

  /** Lambda's remaining time for an invocation started now with {@code timeoutMs}. */
  private LongSupplier budget(long timeoutMs) {
    long deadline = clock.now() + timeoutMs;
    return () -> deadline - clock.now();
  }

  private void record(String name, long periodSeconds) {
    schedules.every(Duration.ofSeconds(periodSeconds), name, t -> ticks.add(name + "@" + (t.dueAt().toEpochMilli()
        - MINUTE) / 1000 + "s/" + (clock.now() - MINUTE) / 1000));
  }

  @Test
  void runsEveryTickOfTheMinuteAtItsTime() throws Exception {
    record("metrics", 10);
    record("queue", 15);
    schedules.every(Duration.ofMinutes(5), "digest", t -> ticks.add("digest"));
    ScheduleRunner.Report r = runner.runMinute(MINUTE, budget(75_000), "inv-1");
    assertThat(ticks).containsExactly("metrics@0s/0", "queue@0s/0", "metrics@10s/10", "queue@15s/15",
        "metrics@20s/20", "metrics@30s/30", "queue@30s/30", "metrics@40s/40", "queue@45s/45", "metrics@50s/50");
    assertThat(r).isEqualTo(new ScheduleRunner.Report(10, 0, 0, 0, 0, false));
  }

  @Test
  void stopsWhenTheInvocationsRemainingTimeRunsShort() throws Exception {
    record("metrics", 10);
    ScheduleRunner.Report r = runner.runMinute(MINUTE, budget(34_000), "inv-1");
    // invoked at 0.3 s with 34 s, 5 s kept free: ticks at 0, 10, 20, 30 s would leave 34, 24.3, 14.3, 4.3 s
    assertThat(ticks).containsExactly("metrics@0s/0", "metrics@10s/10", "metrics@20s/20");
    assertThat(r.ran()).isEqualTo(3);
    assertThat(r.skippedBudget()).isEqualTo(3);
  }

  @Test
  void aFailingTickDoesNotStopTheLaterOnes() throws Exception {
    int[] n = {0};
    schedules.every(Duration.ofSeconds(20), "flaky", t -> {
      if (n[0]++ == 1) {
        throw new IllegalStateException("boom");
      }
    });
    ScheduleRunner.Report r = runner.runMinute(MINUTE, budget(75_000), "inv-1");
    assertThat(r.ran()).isEqualTo(2);
    assertThat(r.failed()).isEqualTo(1);
  }

  @Test
  void aSlowTickSkipsTheTicksItOverranInsteadOfOverlapping() throws Exception {
    schedules.every(Duration.ofSeconds(10), "slow", t -> {
      ticks.add((t.dueAt().toEpochMilli() - MINUTE) / 1000 + "s");
      if (ticks.size() == 1) {
        clock.advance(25_000);
      }
    });
    ScheduleRunner.Report r = runner.runMinute(MINUTE, budget(75_000), "inv-1");
    // the first tick ends at 25.3 s: 10 s is a whole period behind and skipped, 20 s runs late, once
    assertThat(ticks).containsExactly("0s", "20s", "30s", "40s", "50s");
    assertThat(r.skippedLate()).isEqualTo(1);
  }

  @Test
  void aSecondDeliveryOfTheSameMinuteRunsNothing() throws Exception {
    record("metrics", 10);
    runner.runMinute(MINUTE, budget(75_000), "inv-1");
    ticks.clear();
    ScheduleRunner.Report again = runner.runMinute(MINUTE + 2_000, budget(75_000), "inv-2");
    assertThat(again.duplicate()).isTrue();
    assertThat(ticks).isEmpty();
  }

  @Test
  void waitsForThePreviousMinutesInvocationThenRunsWhatIsStillDue() throws Exception {
    record("metrics", 10);
    // the previous minute's invocation holds the lease until 12 s into this minute
    assertThat(lease.acquire(ScheduleRunner.MINUTE_LEASE, MINUTE - 60_000, "previous", MINUTE + 12_000,
        clock.now())).isEqualTo(Lease.Result.ACQUIRED);
    ScheduleRunner.Report r = runner.runMinute(MINUTE, budget(75_000), "inv-1");
    // 0 s and 10 s passed while waiting: 0 s is a whole period behind, 10 s runs late at 12 s
    assertThat(ticks).containsExactly("metrics@10s/12", "metrics@20s/20", "metrics@30s/30", "metrics@40s/40",
        "metrics@50s/50");
    assertThat(r.skippedLate()).isEqualTo(1);
  }

  @Test
  void aReleasedLeaseIsFreeForTheNextMinuteAtOnce() throws Exception {
    record("metrics", 30);
    runner.runMinute(MINUTE, budget(75_000), "inv-1");
    ScheduleRunner.Report next = runner.runMinute(MINUTE + 60_000, budget(75_000), "inv-2");
    assertThat(next.ran()).isEqualTo(2);
    // each tick at its due time: no waiting for a lease
    assertThat(ticks).containsExactly("metrics@0s/0", "metrics@30s/30", "metrics@60s/60", "metrics@90s/90");
  }

  @Test
  void aLongScheduleRunsOneTickPerSlotAndNeverTwoAtOnce() {
    schedules.every(Duration.ofMinutes(5), "digest", t -> ticks.add("digest@" + (t.dueAt().toEpochMilli() - MINUTE)));
    assertThat(runner.runOne("digest", MINUTE + 1_200, budget(60_000), "inv-1").ran()).isEqualTo(1);
    assertThat(runner.runOne("digest", MINUTE + 1_200, budget(60_000), "inv-2").duplicate()).isTrue();
    // a tick of the next slot while an invocation still holds the lease: skipped, not run alongside
    lease.acquire("schedule:digest", MINUTE + 300_000, "stuck", clock.now() + 60_000, clock.now());
    assertThat(runner.runOne("digest", MINUTE + 600_000, budget(60_000), "inv-3").skippedOverlap()).isEqualTo(1);
    assertThat(ticks).containsExactly("digest@0");
  }
}
