package dev.socketiolambda.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.functions.stream.Rules;
import org.junit.jupiter.api.Test;

/** The bundle's rules file loads (the stream function validates it the same way at start) and declares the queries table. */
class SupportRulesTest {
  @Test
  void rulesDeclareTheQueriesTableTheAppWritesByDefault() {
    Rules rules = Rules.fromLocation(SupportBundle.RULES);
    assertThat(rules.tables()).extracting(DomainTable::name).containsExactly(SupportConfig.DEFAULT_QUERIES_TABLE);
    DomainTable t = rules.tables().get(0);
    assertThat(t.partitionKey()).isEqualTo("queryId");
    assertThat(t.sortKey()).isNull();
  }
}
