package dev.socketiolambda.local.localstack;

import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.testing.StateStoreContract;
import dev.socketiolambda.local.LocalStack;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The state store contract (connections, namespace sockets, rooms, pending acks, binary state, the
 * heartbeat's due index) with {@link DynamoDbStateStore} against LocalStack's DynamoDB, the table
 * created from {@code TableDefinitions} by {@link LocalStack#createTablesIfAbsent}, as
 * {@code store.DynamoDbStateStoreTest} does against DynamoDB Local. Needs Docker.
 */
@RequiresDocker
class LocalStackStateStoreIT extends StateStoreContract {
  private static final String TABLE = "contract";
  private static DynamoDbClient dynamo;

  @AfterAll
  static void closeClient() {
    if (dynamo != null) {
      dynamo.close();
      dynamo = null;
    }
  }

  @Override
  protected StateStore newStore(LongSupplier clock) {
    synchronized (LocalStackStateStoreIT.class) {
      if (dynamo == null) { // first test that runs: LocalStack starts here, never when Docker is missing
        dynamo = LocalStackContainers.dynamo();
        LocalStack.createTablesIfAbsent(dynamo, TABLE);
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
      }
    }
    return new DynamoDbStateStore(dynamo, TABLE, DueIndexSettings.DEFAULT, clock);
  }
}
