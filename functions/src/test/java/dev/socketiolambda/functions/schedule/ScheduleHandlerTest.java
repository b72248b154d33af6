package dev.socketiolambda.functions.schedule;

import dev.socketiolambda.functions.observability.EmfLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.testing.TestClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ScheduleHandlerTest {
  private static final Instant MINUTE = Instant.parse("2026-12-03T19:00:00Z");
  private final TestClock clock = new TestClock(MINUTE.toEpochMilli() + 200);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final ScheduleHandler handler = new ScheduleHandler(new ScheduleRunner(new Schedules()
      .every(Duration.ofSeconds(20), "metrics", t -> ran.add("metrics@" + t.dueAt()))
      .every(Duration.ofMinutes(5), "digest", t -> ran.add("digest@" + t.dueAt())),
      new TickRunner(TickRunnerTest.EMITTER, line -> { }), new InMemoryLease(), clock, clock::advance, 5_000));

  private String invoke(String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theMinuteInvocationRunsTheMinutesTicksAndReports() throws IOException {
    String report = invoke("{\"schedule\":\"*\",\"time\":\"2026-12-03T19:00:00Z\"}");
    assertThat(ran).containsExactly("metrics@2026-12-03T19:00:00Z", "metrics@2026-12-03T19:00:20Z",
        "metrics@2026-12-03T19:00:40Z");
    assertThat(report).isEqualTo("{\"ran\":3,\"failed\":0,\"skippedLate\":0,\"skippedBudget\":0,"
        + "\"skippedOverlap\":0,\"duplicate\":false}");
  }

  @Test
  void aNamedInvocationRunsThatSchedulesTick() throws IOException {
    invoke("{\"schedule\":\"digest\",\"time\":\"2026-12-03T19:00:00Z\"}");
    assertThat(ran).containsExactly("digest@2026-12-03T19:00:00Z");
  }

  @Test
  void badInvocationsAreRefusedWithTheExpectedShape() {
    assertThatThrownBy(() -> invoke("{}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"schedule\": \"*\" or a name");
    assertThatThrownBy(() -> invoke("{\"schedule\":\"*\",\"time\":\"yesterday\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> invoke("{\"schedule\":\"nope\"}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no schedule named nope");
    assertThat(ran).isEmpty();
  }

  @Test
  void writesOneInvocationLinePerInvocationNamingTheSchedule() throws IOException {
    EmfLines emf = new EmfLines();
    ScheduleHandler logged = new ScheduleHandler(new ScheduleRunner(new Schedules()
        .every(Duration.ofMinutes(5), "digest", t -> ran.add("digest@" + t.dueAt())),
        new TickRunner(TickRunnerTest.EMITTER, line -> { }), new InMemoryLease(), clock, clock::advance, 5_000),
        emf.log());
    logged.handleRequest(new ByteArrayInputStream("{\"schedule\":\"digest\",\"time\":\"2026-12-03T19:00:00Z\"}"
        .getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
    assertThatThrownBy(() -> logged.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(), null)).isInstanceOf(IllegalArgumentException.class);

    assertThat(emf.lines).hasSize(2);
    var ok = EmfLines.valid(emf.lines.get(0));
    assertThat(ok.path("Function").asText()).isEqualTo("schedule");
    assertThat(ok.path("event").asText()).isEqualTo("digest");
    assertThat(ok.path("outcome").asText()).isEqualTo("ok");
    assertThat(EmfLines.valid(emf.lines.get(1)).path("outcome").asText()).isEqualTo("error");
  }
}
