package dev.socketiolambda.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PingPhaseTest {
  private static final long I = 240_000;

  @Test
  void aPhaseIsItsTimeModuloTheInterval() {
    assertThat(PingPhase.of(1_000_000, I)).isEqualTo(new PingPhase(I, 40_000));
    assertThat(PingPhase.of(-1, I)).isEqualTo(new PingPhase(I, I - 1));
  }

  @Test
  void nextAtAndLastAtFindTheTimesOnThePhaseAroundAnInstant() {
    PingPhase p = new PingPhase(I, 40_000);

    assertThat(p.nextAt(1_000_000)).isEqualTo(1_000_000);
    assertThat(p.nextAt(1_000_001)).isEqualTo(1_240_000);
    assertThat(p.lastAt(1_239_999)).isEqualTo(1_000_000);
    assertThat(p.lastAt(1_240_000)).isEqualTo(1_240_000);
  }

  @Test
  void aConnectionIsDueOnThePhaseHalfAnIntervalAfterItsLastPingAtTheEarliest() {
    PingPhase p = new PingPhase(I, 40_000);

    assertThat(p.dueAt(0, 760_000)).as("never pinged: the first time an interval after it connected")
        .isEqualTo(1_000_000);
    assertThat(p.dueAt(1_000_500, 760_000)).as("pinged 500 ms late: the next time on the phase")
        .isEqualTo(1_240_000);
    assertThat(p.dueAt(1_130_000, 760_000)).as("pinged more than half an interval late: skips one")
        .isEqualTo(1_480_000);
  }

  @Test
  void spansCoverTheOffsetsOfAWindowWrappingAroundTheIntervalsEnd() {
    assertThat(PingPhase.spans(1_000_000, 1_060_000, I)).containsExactly(new PingPhase.Span(40_001, 100_000));
    assertThat(PingPhase.spans(950_000, 970_000, I))
        .containsExactly(new PingPhase.Span(230_001, I - 1), new PingPhase.Span(0, 10_000));
    assertThat(PingPhase.spans(0, I, I)).containsExactly(new PingPhase.Span(0, I - 1));
    assertThat(PingPhase.spans(5, 5, I)).isEmpty();
  }

  @Test
  void theIndexKeyNamesTheIntervalAndIsReadBack() {
    PingPhase p = new PingPhase(I, 130_000);
    String key = p.key(60_000, "conn-1", 1);

    assertThat(key).isEqualTo("p#240000#2#0");
    assertThat(PingPhase.ofKey(key, 130_000)).isEqualTo(p);
    assertThat(PingPhase.ofKey("b#29000#0", 130_000)).isNull();
    assertThat(PingPhase.ofKey(null, 0)).isNull();
  }

  @Test
  void anOffsetOutsideTheIntervalIsRefused() {
    assertThatThrownBy(() -> new PingPhase(I, I)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PingPhase(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
