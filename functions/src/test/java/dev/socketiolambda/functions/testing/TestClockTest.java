package dev.socketiolambda.functions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestClockTest {
  @Test
  void movesOnlyWhenTold() {
    TestClock clock = new TestClock(1_000);

    assertThat(clock.getAsLong()).isEqualTo(1_000);
    assertThat(clock.advance(5)).isEqualTo(1_005);
    clock.set(2_000);
    assertThat(clock.getAsLong()).isEqualTo(2_000);
    assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void autoAdvanceMovesAfterEachRead() {
    TestClock clock = new TestClock(0).autoAdvance(10);

    assertThat(clock.getAsLong()).isZero();
    assertThat(clock.getAsLong()).isEqualTo(10);
    assertThat(clock.now()).isEqualTo(20);
  }
}
