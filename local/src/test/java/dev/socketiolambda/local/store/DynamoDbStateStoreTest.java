package dev.socketiolambda.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DueItem;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.testing.StateStoreContract;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The state store contract against DynamoDB Local, with the table created from TableDefinitions. */
class DynamoDbStateStoreTest extends StateStoreContract {
  private static EmbeddedDynamoDb dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = EmbeddedDynamoDb.start(0);
    LocalStack.createTablesIfAbsent(dynamo.client(), "contract");
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  /** Where the in-memory store returns every connection due by now, DynamoDB's index answers for the window only. */
  @Test
  void duePingsFindsOnlyTheConnectionsWhosePhaseFallsInTheWindowAlsoAcrossTheIntervalsEnd() {
    long interval = 240_000;
    long edge = Math.floorDiv(NOW, interval) * interval + interval; // a time whose phase offset is 0
    String before = onPhase("before", edge - 5_000, interval);
    String after = onPhase("after", edge + 5_000, interval);
    String later = onPhase("later", edge + 60_000, interval);

    assertThat(pings(edge - 10_000, edge + 10_000, interval, before, after, later))
        .containsExactlyInAnyOrder(new DueItem(before, null, edge - 5_000), new DueItem(after, null, edge + 5_000));
    assertThat(pings(edge + 10_000, edge + 60_000, interval, before, after, later))
        .containsExactly(new DueItem(later, null, edge + 60_000));
    assertThat(pings(edge + 60_000, edge + 235_000, interval, before, after, later))
        .containsExactly(new DueItem(before, null, edge + 235_000));
    assertThat(pings(edge, edge + 4_999, interval, before, after, later)).isEmpty();
    assertThat(pings(edge - 10_000, edge + 10_000, 25_000, before, after, later)).as("another interval's phases")
        .isEmpty();
  }

  private String onPhase(String name, long nextPingAt, long interval) {
    String id = cid(name);
    store.putConnection(connection(id, NOW));
    store.recordScheduledPing(id, nextPingAt - interval, nextPingAt, interval);
    return id;
  }

  private java.util.List<DueItem> pings(long since, long now, long interval, String... ids) {
    java.util.Set<String> mine = java.util.Set.of(ids);
    return store.duePings(since, now, interval).stream().filter(d -> mine.contains(d.connectionId())).toList();
  }

  @Override
  protected StateStore newStore(LongSupplier clock) {
    return new DynamoDbStateStore(dynamo.client(), "contract", DueIndexSettings.DEFAULT, clock);
  }
}
