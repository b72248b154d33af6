package dev.socketiolambda.functions.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetsTest {
  @Test
  void offsetsOfOneInstanceSortAsTheyWereMadeEvenWithinOneMillisecond() {
    Offsets offsets = new Offsets();
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      made.add(offsets.next(1_700_000_000_000L + i / 100));
    }
    made.add(offsets.next(1_699_999_999_000L)); // a clock that went back does not break the order

    assertThat(made).isSorted().doesNotHaveDuplicates().allMatch(Offsets::wellFormed);
    assertThat(Offsets.millisOf(made.get(0))).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void refusesAnythingNotMadeHere() {
    assertThat(Offsets.wellFormed(null)).isFalse();
    assertThat(Offsets.wellFormed("")).isFalse();
    assertThat(Offsets.wellFormed("MzUPkW0")).isFalse();
    assertThat(Offsets.wellFormed("18bcfe56800-0000-ABCDEF")).isFalse();
    assertThat(Offsets.wellFormed("18bcfe56800-0000-abcdef\n")).isFalse();
    assertThat(Offsets.wellFormed("18bcfe56800-0000-abcdef")).isTrue();
  }
}
