package dev.socketiolambda.local.e2e.recovery;

import dev.socketiolambda.functions.recovery.DynamoDbRecoveryStore;
import dev.socketiolambda.functions.recovery.RecoveryStore;
import dev.socketiolambda.functions.recovery.RecoveryStoreContract;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The recovery store contract against DynamoDB Local, in the state table, with three log shards. */
class DynamoDbRecoveryStoreTest extends RecoveryStoreContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static EmbeddedDynamoDb dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = EmbeddedDynamoDb.start(0);
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Override
  protected RecoveryStore newStore() {
    String table = "recovery" + TABLES.incrementAndGet();
    LocalStack.createTablesIfAbsent(dynamo.client(), table);
    return new DynamoDbRecoveryStore(dynamo.client(), table, 3);
  }
}
