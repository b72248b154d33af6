package dev.socketiolambda.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The write units of a heartbeat cycle as DynamoDB Local reports them for the store's own requests
 * (the cost model's 4 a cycle, {@code docs/cost.md}): the ping's write moves the due index's key, the
 * pong's does not touch the index.
 */
class HeartbeatWriteUnitsTest {
  private static final String TABLE = "wcu";
  private static final long NOW = 1_700_000_000_000L;
  private static final List<ConsumedCapacity> CONSUMED = new CopyOnWriteArrayList<>();
  /** Asks every UpdateItem for its consumed capacity per index and keeps the answer. */
  private static final ExecutionInterceptor MEASURE = new ExecutionInterceptor() {
    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
      return context.request() instanceof UpdateItemRequest u
          ? u.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build()
          : context.request();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      if (context.response() instanceof UpdateItemResponse r && r.consumedCapacity() != null) {
        CONSUMED.add(r.consumedCapacity());
      }
    }
  };
  private static EmbeddedDynamoDb dynamo;
  private DynamoDbStateStore store;

  @BeforeAll
  static void startDynamo() {
    dynamo = EmbeddedDynamoDb.start(0, List.of(MEASURE));
    LocalStack.createTablesIfAbsent(dynamo.client(), TABLE);
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @BeforeEach
  void connected() {
    store = new DynamoDbStateStore(dynamo.client(), TABLE, DueIndexSettings.DEFAULT, () -> NOW);
    store.putConnection(new ConnectionRecord("c1", "eio-c1", "https://api.example.com/dev", NOW - 240_000,
        "203.0.113.9", Map.of(), Map.of(), 0, 0, 0, NOW));
    CONSUMED.clear();
  }

  @Test
  void aPingMovesTheDueIndexKeyAndAPongWritesOnlyTheRow() {
    store.recordPing("c1", NOW, NOW + 240_000);
    store.recordPong("c1", NOW + 50);

    assertThat(CONSUMED).hasSize(2);
    ConsumedCapacity ping = CONSUMED.get(0);
    ConsumedCapacity pong = CONSUMED.get(1);
    assertThat(ping.table().capacityUnits()).isEqualTo(1.0);
    assertThat(indexUnits(ping)).as("the due index's delete and put").isEqualTo(2.0);
    assertThat(pong.table().capacityUnits()).isEqualTo(1.0);
    assertThat(indexUnits(pong)).as("lastPongAt is not a key of the keys-only index").isZero();
    assertThat(ping.capacityUnits() + pong.capacityUnits()).isEqualTo(4.0);
  }

  private static double indexUnits(ConsumedCapacity c) {
    return c.globalSecondaryIndexes() == null ? 0
        : c.globalSecondaryIndexes().values().stream().mapToDouble(x -> x.capacityUnits()).sum();
  }
}
