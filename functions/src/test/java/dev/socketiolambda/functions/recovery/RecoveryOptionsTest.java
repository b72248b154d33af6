package dev.socketiolambda.functions.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecoveryOptionsTest {
  @Test
  void defaultsAreSocketIosTwoMinutesWithMiddlewaresSkipped() {
    RecoveryOptions o = RecoveryOptions.defaults();

    assertThat(o.maxDisconnectionDurationMs()).isEqualTo(120_000);
    assertThat(o.skipMiddlewares()).isTrue();
    assertThat(o.logShards()).isEqualTo(1);
  }

  @Test
  void anOwnerCheckRunsTheMiddlewares() {
    assertThat(RecoveryOptions.defaults().sameOwner(data -> data.path("user").asText()).skipMiddlewares()).isFalse();
  }

  @Test
  void refusesValuesOutsideTheirRangeWithTheValue() {
    assertThatThrownBy(() -> RecoveryOptions.of(Duration.ofMillis(10)))
        .hasMessage("maxDisconnectionDuration must be between 1 s and 24 h, was 10 ms");
    assertThatThrownBy(() -> RecoveryOptions.defaults().logShards(0)).hasMessage("logShards must be between 1 and 100, was 0");
    assertThatThrownBy(() -> RecoveryOptions.defaults().maxReplayedEvents(0))
        .hasMessage("maxReplayedEvents must be between 1 and 10000, was 0");
  }
}
