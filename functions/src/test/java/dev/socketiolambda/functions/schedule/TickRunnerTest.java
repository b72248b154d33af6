package dev.socketiolambda.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TickRunnerTest {
  static final Emitter EMITTER = new Emitter((request, sink) -> BroadcastResult.NONE, new InMemoryStateStore());
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final TickRunner runner = new TickRunner(EMITTER, log::add);

  @Test
  void aFailingTickIsLoggedAndTheNextOneStillRuns() {
    int[] calls = {0};
    Schedule s = new Schedule("flaky", Duration.ofSeconds(10), tick -> {
      if (++calls[0] == 1) {
        throw new IllegalStateException("database down");
      }
    });
    assertThat(runner.run(s, Instant.ofEpochSecond(10))).isEqualTo(TickRunner.Outcome.FAILED);
    assertThat(runner.run(s, Instant.ofEpochSecond(20))).isEqualTo(TickRunner.Outcome.RAN);
    assertThat(log).singleElement().asString().contains("flaky", "1970-01-01T00:00:10Z", "database down");
  }

  @Test
  void aTickDueWhileThePreviousOneRunsIsSkipped() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Schedule s = new Schedule("slow", Duration.ofSeconds(1), tick -> {
      inside.countDown();
      release.await(10, TimeUnit.SECONDS);
    });
    Thread first = new Thread(() -> runner.run(s, Instant.ofEpochSecond(1)));
    first.start();
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.run(s, Instant.ofEpochSecond(2))).isEqualTo(TickRunner.Outcome.SKIPPED_OVERLAP);
    release.countDown();
    first.join(10_000);
    assertThat(runner.run(s, Instant.ofEpochSecond(3))).isEqualTo(TickRunner.Outcome.RAN);
  }

  @Test
  void theTaskGetsItsNameDueTimeAndTheEmitter() {
    List<TickContext> seen = new CopyOnWriteArrayList<>();
    runner.run(new Schedule("metrics", Duration.ofSeconds(10), seen::add), Instant.ofEpochSecond(30));
    assertThat(seen).containsExactly(new TickContext("metrics", Instant.ofEpochSecond(30), EMITTER));
  }
}
