package dev.socketiolambda.local.store;

import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.testing.StateStoreContract;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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

  @Override
  protected StateStore newStore(LongSupplier clock) {
    return new DynamoDbStateStore(dynamo.client(), "contract", DueIndexSettings.DEFAULT, clock);
  }
}
