package dev.socketiolambda.local.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.fanout.DynamoDbShardLedger;
import dev.socketiolambda.functions.fanout.FanOutException;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shard ledger as items of the runtime's state table, against DynamoDB Local. */
class DynamoDbShardLedgerTest {
  private static EmbeddedDynamoDb dynamo;
  private static DynamoDbShardLedger ledger;
  private final long later = System.currentTimeMillis() + 60_000;

  @BeforeAll
  static void startDynamo() {
    dynamo = EmbeddedDynamoDb.start(0);
    LocalStack.createTablesIfAbsent(dynamo.client(), "ledger");
    ledger = new DynamoDbShardLedger(dynamo.client(), "ledger");
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void settleAndReleaseRecordsTheConnectionsAndEndsTheClaim() {
    assertThat(ledger.claim("s1", "w1", later)).isEmpty();
    ledger.settle("s1", List.of("c1"));
    assertThatThrownBy(() -> ledger.claim("s1", "w2", later)).isInstanceOf(FanOutException.ShardBusy.class);

    ledger.settleAndRelease("s1", List.of("c2", "c3"), "w1");

    assertThat(ledger.claim("s1", "w2", later)).containsExactlyInAnyOrder("c1", "c2", "c3");
  }

  @Test
  void aStaleOwnerStillRecordsWhatItDeliveredAndLeavesTheNewClaimInPlace() {
    assertThat(ledger.claim("s2", "w1", System.currentTimeMillis() - 1)).isEmpty(); // w1's lease ran out
    assertThat(ledger.claim("s2", "w2", later)).isEmpty();

    ledger.settleAndRelease("s2", List.of("c1"), "w1");

    assertThatThrownBy(() -> ledger.claim("s2", "w3", later)).isInstanceOf(FanOutException.ShardBusy.class);
    ledger.settleAndRelease("s2", List.of(), "w2"); // nothing more settled: only the release
    assertThat(ledger.claim("s2", "w3", later)).containsExactly("c1");
  }
}
