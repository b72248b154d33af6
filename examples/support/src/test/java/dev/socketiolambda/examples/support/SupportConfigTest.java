package dev.socketiolambda.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SupportConfigTest {
  private static final String KEY = "k".repeat(40);

  @Test
  void defaultsNameTheTablesOfTheRulesAndFiftyMessagesPerPage() {
    SupportConfig c = SupportConfig.from(Map.of("AUTH_JWT_SECRET", KEY));
    assertThat(c.table()).isEqualTo("socketio-support");
    assertThat(c.queriesTable()).isEqualTo("socketio-support-queries");
    assertThat(c.historyPage()).isEqualTo(50);
  }

  @Test
  void readsTablesAndPageSize() {
    SupportConfig c = SupportConfig.from(Map.of("AUTH_JWT_SECRET", KEY, "SUPPORT_TABLE", "t1",
        "SUPPORT_QUERIES_TABLE", "q1", "SUPPORT_HISTORY_PAGE", " 20 "));
    assertThat(c.table()).isEqualTo("t1");
    assertThat(c.queriesTable()).isEqualTo("q1");
    assertThat(c.historyPage()).isEqualTo(20);
  }

  @Test
  void refusesAPageSizeOutOfRangeOrNotANumber() {
    assertThatThrownBy(() -> SupportConfig.from(Map.of("AUTH_JWT_SECRET", KEY, "SUPPORT_HISTORY_PAGE", "0")))
        .hasMessageContaining("SUPPORT_HISTORY_PAGE must be 1..100");
    assertThatThrownBy(() -> SupportConfig.from(Map.of("AUTH_JWT_SECRET", KEY, "SUPPORT_HISTORY_PAGE", "many")))
        .hasMessageContaining("SUPPORT_HISTORY_PAGE must be an integer");
  }

  @Test
  void refusesSettingsWithoutAKeySource() {
    assertThatThrownBy(() -> SupportConfig.from(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
