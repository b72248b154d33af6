package dev.socketiolambda.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final ScheduledTask NOTHING = tick -> { };

  @Test
  void refusesBadNamesAndPeriodsWithTheReason() {
    assertThatThrownBy(() -> new Schedule("has space", Duration.ofSeconds(10), NOTHING))
        .hasMessageContaining("schedule name");
    assertThatThrownBy(() -> new Schedule("fast", Duration.ofMillis(500), NOTHING)).hasMessageContaining("at least 1 s");
    assertThatThrownBy(() -> new Schedule("odd", Duration.ofSeconds(90), NOTHING)).hasMessageContaining("whole minutes");
  }

  @Test
  void periodsUnderAMinuteRunInsideTheMinuteInvocation() {
    assertThat(new Schedule("m", Duration.ofSeconds(10), NOTHING).subMinute()).isTrue();
    assertThat(new Schedule("m", Duration.ofMinutes(1), NOTHING).subMinute()).isFalse();
    assertThat(new Schedule("m", Duration.ofMinutes(5), NOTHING).subMinute()).isFalse();
  }

  @Test
  void ticksAreDueAtWholeMultiplesOfThePeriod() {
    Schedule s = new Schedule("m", Duration.ofSeconds(10), NOTHING);
    assertThat(s.firstTickAtOrAfter(60_000)).isEqualTo(60_000);
    assertThat(s.firstTickAtOrAfter(60_001)).isEqualTo(70_000);
  }

  @Test
  void namesAreUniqueAndAppsDescribeTheirOwn() {
    Schedules schedules = new Schedules().every(Duration.ofSeconds(10), "metrics", NOTHING)
        .every(Duration.ofMinutes(5), "digest", NOTHING);
    assertThatThrownBy(() -> schedules.every(Duration.ofSeconds(1), "metrics", NOTHING))
        .hasMessageContaining("already a schedule named metrics");
    assertThat(schedules.subMinute()).extracting(Schedule::name).containsExactly("metrics");
    ScheduledApp app = s -> s.every(Duration.ofSeconds(10), "metrics", NOTHING);
    assertThat(Schedules.of(app).all()).extracting(Schedule::name).containsExactly("metrics");
    assertThat(Schedules.of(new Object()).all()).isEmpty();
  }
}
