package dev.socketiolambda.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {
  @Test
  void parsesSpecs() {
    assertThat(RateLimit.parse("5/10s")).isEqualTo(new RateLimit(5, 10_000));
    assertThat(RateLimit.parse(" 20 / 1m ")).isEqualTo(new RateLimit(20, 60_000));
    assertThat(RateLimit.parse("3/500ms")).isEqualTo(new RateLimit(3, 500));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5/10", "five/10s", "5/10h", "0/1s", "5/0s", "-1/1s"})
  void refusesBadSpecs(String spec) {
    assertThatThrownBy(() -> RateLimit.parse(spec)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allowsABurstThenRefillsOverTime() {
    RateLimit limit = new RateLimit(3, 3_000); // 1 token per second
    ObjectNode state = Json.object();
    long t = 1_000_000;
    assertThat(limit.tryTake(state, "send", t)).isTrue();
    assertThat(limit.tryTake(state, "send", t)).isTrue();
    assertThat(limit.tryTake(state, "send", t)).isTrue();
    assertThat(limit.tryTake(state, "send", t)).isFalse();
    assertThat(limit.tryTake(state, "send", t + 999)).isFalse();
    assertThat(limit.tryTake(state, "send", t + 1_999)).isTrue();
    assertThat(limit.tryTake(state, "send", t + 1_999)).isFalse();
    // a long pause refills to the capacity, no more
    for (int i = 0; i < 3; i++) {
      assertThat(limit.tryTake(state, "send", t + 100_000)).isTrue();
    }
    assertThat(limit.tryTake(state, "send", t + 100_000)).isFalse();
  }

  @Test
  void bucketsAreIndependentAndSurviveAJsonRoundTrip() {
    RateLimit limit = new RateLimit(1, 60_000);
    ObjectNode state = Json.object();
    assertThat(limit.tryTake(state, "send", 0)).isTrue();
    assertThat(limit.tryTake(state, "typing", 0)).isTrue();
    // socket.data is stored as JSON between invocations
    ObjectNode stored = (ObjectNode) Json.parse(Json.write(state));
    assertThat(limit.tryTake(stored, "send", 1)).isFalse();
    assertThat(limit.tryTake(stored, "typing", 1)).isFalse();
  }

  @Test
  void aClockGoingBackwardsGrantsNothingExtra() {
    RateLimit limit = new RateLimit(1, 1_000);
    ObjectNode state = Json.object();
    assertThat(limit.tryTake(state, "send", 10_000)).isTrue();
    assertThat(limit.tryTake(state, "send", 5_000)).isFalse();
    assertThat(limit.tryTake(state, "send", 10_500)).isFalse();
    assertThat(limit.tryTake(state, "send", 11_000)).isTrue();
  }
}
