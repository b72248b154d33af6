package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NotStoredLogTest {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final NotStoredLog log = new NotStoredLog(lines::add);

  @Test
  void namesEachFieldOnceAndNothingWhenAllWereSaidBefore() {
    log.note(Set.of("header authorization"));
    log.note(new LinkedHashSet<>(List.of("header authorization", "query token")));
    log.note(Set.of("query token"));
    log.note(Set.of());

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("header authorization").contains("withHeadersUntilConnect");
    assertThat(lines.get(1)).contains("query token").doesNotContain("header authorization");
  }

  @Test
  void skipsNamesThatAreNotPlainAndStopsAfterABoundedNumber() {
    log.note(Set.of("query a\nforged log line", "header " + "x".repeat(65)));
    assertThat(lines).isEmpty();

    for (int i = 0; i < 300; i++) {
      log.note(Set.of("query q" + i));
    }
    assertThat(lines).hasSize(200);
  }
}
