package dev.socketiolambda.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.server.ConnectRequest;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.functions.testing.TestClock;
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
 * The write units of a heartbeat cycle as DynamoDB Local reports them (the cost model's 1 a cycle,
 * {@code docs/cost.md}): once a connection is on its ping phase the tick's ping writes nothing and the
 * pong writes only {@code lastPongAt}, which is no key of the due index; putting a connection on its
 * phase moves the index key once.
 */
class HeartbeatWriteUnitsTest {
  private static final String TABLE = "wcu";
  private static final long NOW = 1_700_000_000_000L;
  private static final long INTERVAL = 240_000;
  private static final List<ConsumedCapacity> CONSUMED = new CopyOnWriteArrayList<>();
  /** The name of every request the client sent. */
  private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
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
      REQUESTS.add(context.request().getClass().getSimpleName().replace("Request", ""));
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
    REQUESTS.clear();
  }

  @Test
  void aHeartbeatCycleThroughTheEngineIsOneWriteUnit() {
    TestClock clock = new TestClock(NOW);
    LocalStack.createTablesIfAbsent(dynamo.client(), TABLE + "-engine"); // without the other tests' connection
    DynamoDbStateStore timed = new DynamoDbStateStore(dynamo.client(), TABLE + "-engine", DueIndexSettings.DEFAULT,
        clock);
    RecordingGateway gateway = new RecordingGateway();
    Engine engine = new Engine(new SocketIoServer(), timed, gateway.provider(), EngineConfig.DEFAULT, clock, null);
    engine.onConnect(new ConnectRequest("c2", "https://api.example.com/dev", "203.0.113.9", Map.of(),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket")), NOW));
    engine.onOpen("c2");
    engine.onMessage("c2", "40");
    clock.set(NOW + INTERVAL); // the first ping, on the phase the CONNECT put it on
    assertThat(engine.onHeartbeat().pinged()).isEqualTo(1);
    clock.set(NOW + INTERVAL + 50);
    assertThat(engine.onMessage("c2", "3")).isEqualTo("6");
    gateway.takeFrames("c2");
    CONSUMED.clear();
    REQUESTS.clear();

    clock.set(NOW + 2 * INTERVAL + 30_000); // the next ping, found by a tick half a minute after it
    assertThat(engine.onHeartbeat().pinged()).isEqualTo(1);
    clock.set(NOW + 2 * INTERVAL + 30_050);
    assertThat(engine.onMessage("c2", "3")).isEqualTo("6");

    assertThat(gateway.takeFrames("c2")).containsExactly("2");
    assertThat(REQUESTS).as("the tick reads; the pong writes").doesNotContain("PutItem", "DeleteItem",
        "BatchWriteItem", "TransactWriteItems").containsOnlyOnce("UpdateItem");
    assertThat(CONSUMED).hasSize(1);
    assertThat(CONSUMED.get(0).capacityUnits()).as("a heartbeat cycle").isEqualTo(1.0);
  }

  @Test
  void onItsPhaseAPingAndAPongEachWriteOnlyTheRow() {
    store.recordScheduledPing("c1", NOW, NOW + INTERVAL, INTERVAL); // onto the phase (the row was time-bucketed)
    CONSUMED.clear();

    store.recordPong("c1", NOW + 50);
    store.recordScheduledPing("c1", NOW + INTERVAL + 300, NOW + 2 * INTERVAL, INTERVAL);
    store.recordPong("c1", NOW + INTERVAL + 350);

    assertThat(CONSUMED).hasSize(3);
    for (ConsumedCapacity c : CONSUMED) {
      assertThat(c.table().capacityUnits()).isEqualTo(1.0);
      assertThat(indexUnits(c)).as("lastPingAt and lastPongAt are not keys of the keys-only index").isZero();
    }
    assertThat(CONSUMED.get(1).capacityUnits() + CONSUMED.get(2).capacityUnits()).as("a heartbeat cycle")
        .isEqualTo(2.0);
  }

  @Test
  void puttingAConnectionOnItsPhaseMovesTheIndexKeyOnce() {
    store.recordScheduledPing("c1", NOW, NOW + INTERVAL, INTERVAL);

    assertThat(CONSUMED).hasSize(1); // the conditional write that found it off the phase failed: no response
    assertThat(CONSUMED.get(0).table().capacityUnits()).isEqualTo(1.0);
    assertThat(indexUnits(CONSUMED.get(0))).as("the due index's delete and put").isEqualTo(2.0);
  }

  @Test
  void beforeItsFirstConnectAPingMovesTheTimeBucketedKey() {
    store.recordPing("c1", NOW, NOW + INTERVAL);

    assertThat(CONSUMED).hasSize(1);
    assertThat(CONSUMED.get(0).table().capacityUnits()).isEqualTo(1.0);
    assertThat(indexUnits(CONSUMED.get(0))).isEqualTo(2.0);
  }

  private static double indexUnits(ConsumedCapacity c) {
    return c.globalSecondaryIndexes() == null ? 0
        : c.globalSecondaryIndexes().values().stream().mapToDouble(x -> x.capacityUnits()).sum();
  }
}
