package dev.socketiolambda.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delayStaysWithinTheExponentialCeilingAndTheCap() {
    for (int i = 0; i < 200; i++) {
      assertThat(Backoff.delayMs(1, 20, 1_000)).isBetween(0L, 20L);
      assertThat(Backoff.delayMs(3, 20, 1_000)).isBetween(0L, 80L);
      assertThat(Backoff.delayMs(10, 20, 1_000)).isBetween(0L, 1_000L);
    }
  }

  @Test
  void hugeAttemptNumbersDoNotOverflow() {
    assertThat(Backoff.delayMs(Integer.MAX_VALUE, 25, 1_000)).isBetween(0L, 1_000L);
    assertThat(Backoff.delayMs(0, 25, 1_000)).isBetween(0L, 25L);
  }

  @Test
  void sleepKeepsTheInterruptFlag() {
    Thread.currentThread().interrupt();

    Backoff.sleepWithJitter(1, 1, 1);

    assertThat(Thread.interrupted()).isTrue();
  }
}
