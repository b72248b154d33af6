package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.schedule.LocalScheduler;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.schedule.TickRunner;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.protocol.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A schedule's ticks reach a real socket.io-client: the local scheduler runs an app's schedules
 * with the stack's emitter (as the stack does for its bundle's schedules), and a schedule that
 * fails on every tick next to it stops nothing.
 */
class ScheduleTicksIT {
  private static final Path SCRIPT = Path.of("local/src/test/node/schedule-ticks.js");

  @Test
  void ticksOfAScheduleReachAConnectedClientWhileAFailingScheduleIsLogged() {
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicInteger failures = new AtomicInteger();
    try (LocalStack stack = LocalStack.start(LocalOptions.defaults().withPort(0))) {
      Schedules schedules = new Schedules()
          .every(Duration.ofSeconds(1), "clock", tick -> tick.emitter().of("/").emit("tick",
              Json.object().put("schedule", tick.schedule()).put("dueAt", tick.dueAt().toEpochMilli())))
          .every(Duration.ofSeconds(1), "broken", tick -> {
            failures.incrementAndGet();
            throw new IllegalStateException("broken on purpose");
          });
      try (LocalScheduler scheduler = LocalScheduler.start(schedules.all(),
          new TickRunner(stack.emitter(), log::add), System::currentTimeMillis)) {
        Node.Result r = Node.run(SCRIPT, List.of(stack.websocketUrl(), "3"), Map.of(), 60);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        List<Long> due = new ArrayList<>();
        for (JsonNode t : Json.parse(r.stdout().trim()).path("ticks")) {
          assertThat(t.path("schedule").asText()).isEqualTo("clock");
          due.add(t.path("dueAt").asLong());
        }
        assertThat(due).hasSize(3).allMatch(d -> d % 1000 == 0);
        assertThat(due.get(1) - due.get(0)).isEqualTo(1000);
        assertThat(due.get(2) - due.get(1)).isEqualTo(1000);
      }
    }
    assertThat(failures.get()).isGreaterThanOrEqualTo(3);
    assertThat(log).isNotEmpty().allMatch(line -> line.startsWith("schedule broken: tick due at ")
        && line.endsWith("failed: java.lang.IllegalStateException: broken on purpose"));
  }

  @Test
  void theStackRunsTheSchedulesOfItsBundle() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("ticks-demo").withPort(0).withWebPort(-1))) {
      Node.Result r = Node.run(SCRIPT, List.of(stack.websocketUrl(), "2"), Map.of(), 60);
      assertThat(r.exitCode()).as(r.describe()).isZero();
      List<Long> due = new ArrayList<>();
      for (JsonNode t : Json.parse(r.stdout().trim()).path("ticks")) {
        assertThat(t.path("schedule").asText()).isEqualTo("clock");
        due.add(t.path("dueAt").asLong());
      }
      assertThat(due).hasSize(2);
      assertThat(due.get(1) - due.get(0)).isEqualTo(1000);
    }
  }
}
