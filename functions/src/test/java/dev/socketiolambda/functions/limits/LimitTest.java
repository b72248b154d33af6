package dev.socketiolambda.functions.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitTest {
  @Test
  void parsesSpecs() {
    assertThat(Limit.parse("10/10s")).isEqualTo(Limit.of(10, Duration.ofSeconds(10)));
    assertThat(Limit.parse(" 20 / 1m ")).isEqualTo(Limit.of(20, Duration.ofMinutes(1)));
    assertThat(Limit.parse("3/500ms")).isEqualTo(Limit.of(3, Duration.ofMillis(500)));
    assertThat(Limit.parse("1000/1h")).isEqualTo(Limit.of(1000, Duration.ofHours(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5/10", "five/10s", "5/10d", "0/1s", "5/0s", "-1/1s", "9999999999/1s"})
  void refusesBadSpecsNamingTheForm(String spec) {
    assertThatThrownBy(() -> Limit.parse(spec)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void windowsAreAlignedOnTheEpoch() {
    Limit limit = Limit.of(1, Duration.ofSeconds(10));
    assertThat(limit.windowStart(1_700_000_004_321L)).isEqualTo(1_700_000_000_000L);
    assertThat(limit.windowStart(1_700_000_010_000L)).isEqualTo(1_700_000_010_000L);
  }

  @Test
  void readsAsASentence() {
    assertThat(Limit.parse("10/10s")).hasToString("10 per 10 s");
    assertThat(Limit.parse("3/500ms")).hasToString("3 per 500 ms");
  }

  @Test
  void rateKeysRefuseEmptyAndHugeIds() {
    assertThat(RateKey.user("ada")).hasToString("user:ada");
    assertThatThrownBy(() -> RateKey.ip("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateKey.connection("x".repeat(513))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 512");
  }

  @Test
  void aRefusalSaysHowLongToWaitInWholeSeconds() {
    Limit limit = Limit.of(1, Duration.ofSeconds(10));
    assertThat(Decision.refuse(1, limit).retryAfterSeconds()).isEqualTo(1);
    assertThat(Decision.refuse(4_001, limit).retryAfterSeconds()).isEqualTo(5);
    assertThat(Decision.refuse(4_001, limit).toJson().path("retryAfterMs").asLong()).isEqualTo(4_001);
    assertThat(Decision.allow(0, limit).retryAfterSeconds()).isZero();
  }
}
