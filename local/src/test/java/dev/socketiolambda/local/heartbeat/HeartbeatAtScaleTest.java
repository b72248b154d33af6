package dev.socketiolambda.local.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.HeartbeatReport;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.functions.testing.TestClock;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat over the DynamoDB state store (DynamoDB Local, its due index) with many
 * connections: all due connections are pinged in one tick, a tick out of time leaves the rest for
 * the next one, and a connection left behind longer than the usual look-back is still found.
 */
class HeartbeatAtScaleTest {
  private static final long MINUTE = 60_000;
  /** A budget no tick here comes near (the machine may be slow): what is deferred is only what a test defers. */
  private static final long AMPLE_MS = 600_000;
  private static EmbeddedDynamoDb dynamo;
  private static int tables;

  private final RecordingGateway gateway = new RecordingGateway();
  // a sweep minute is a multiple of ten minutes; start one minute after one
  private final TestClock clock = new TestClock(1_700_000_400_000L + MINUTE);
  private DynamoDbStateStore store;
  private Engine engine;

  @BeforeAll
  static void start() {
    dynamo = EmbeddedDynamoDb.start(0);
  }

  @AfterAll
  static void stop() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @BeforeEach
  void engine() {
    String table = "heartbeat" + (++tables);
    LocalStack.createTablesIfAbsent(dynamo.client(), table);
    store = new DynamoDbStateStore(dynamo.client(), table, DueIndexSettings.DEFAULT);
    engine = new Engine(new SocketIoServer(), store, gateway.provider(), EngineConfig.DEFAULT, clock, null);
  }

  private List<String> connections(int n, long dueAt) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "hb" + i + "-" + dueAt;
      store.putConnection(new ConnectionRecord(id, "eio-" + i, "https://example.test/dev", dueAt - 300_000, "ip",
          Map.of(), Map.of(), 0, 0, 0, dueAt));
      ids.add(id);
    }
    return ids;
  }

  @Test
  void everyDueConnectionIsPingedInOneTickAndMovesOn() {
    List<String> ids = connections(1_500, clock.now() - 1_000);

    HeartbeatReport r = engine.onHeartbeat(AMPLE_MS);

    assertThat(r.pinged()).isEqualTo(1_500);
    assertThat(r.failed()).isZero();
    assertThat(r.deferred()).isZero();
    for (String id : ids) {
      assertThat(gateway.frames(id)).as(id).containsExactly("2");
    }
    assertThat(engine.onHeartbeat(AMPLE_MS).pinged()).as("pinged ones are due again only at their next ping")
        .isZero();
  }

  @Test
  void connectionsOnTheirPingPhaseArePingedAgainByTheTickThatReachesItAnIntervalLater() {
    List<String> ids = connections(1_500, clock.now() - 1_000);
    assertThat(engine.onHeartbeat(AMPLE_MS).pinged()).isEqualTo(1_500); // and each is put on its phase
    ids.forEach(id -> store.recordPong(id, clock.now() + 100));
    long interval = EngineConfig.DEFAULT.pingInterval();

    int between = 0;
    for (long t = MINUTE; t < interval; t += MINUTE) {
      clock.advance(MINUTE);
      between += engine.onHeartbeat(AMPLE_MS).pinged();
    }
    clock.advance(MINUTE);
    HeartbeatReport due = engine.onHeartbeat(AMPLE_MS);

    assertThat(between).isZero();
    assertThat(due.pinged()).isEqualTo(1_500);
    assertThat(due.timedOut()).isZero();
    for (String id : ids) {
      assertThat(gateway.frames(id)).as(id).containsExactly("2", "2");
    }
  }

  @Test
  void aNewInstanceFindsTheConnectionsWhosePhaseCameWhileNoTickRan() {
    List<String> ids = connections(200, clock.now() - 1_000);
    engine.onHeartbeat(AMPLE_MS);
    ids.forEach(id -> store.recordPong(id, clock.now() + 100));
    clock.advance(EngineConfig.DEFAULT.pingInterval() + 30_000); // no tick for an interval and a half minute

    Engine fresh = new Engine(new SocketIoServer(), store, gateway.provider(), EngineConfig.DEFAULT, clock, null);

    assertThat(fresh.onHeartbeat(AMPLE_MS).pinged()).isEqualTo(200);
  }

  @Test
  void aTickOutOfTimeDefersTheRestAndTheNextTickTakesThem() {
    List<String> ids = connections(500, clock.now() - 1_000);

    HeartbeatReport outOfTime = engine.onHeartbeat(0);
    clock.advance(MINUTE);
    HeartbeatReport next = engine.onHeartbeat(AMPLE_MS);

    assertThat(outOfTime.deferred()).isEqualTo(500);
    assertThat(outOfTime.pinged()).isZero();
    assertThat(next.pinged()).isEqualTo(500);
    for (String id : ids) {
      assertThat(gateway.frames(id)).as(id).containsExactly("2");
    }
  }

  @Test
  void aConnectionLeftBehindLongerThanTheLookBackIsFoundByTheSweep() {
    // due 30 minutes ago: a heartbeat that did not run for half an hour, for instance
    List<String> behind = connections(3, clock.now() - 30 * MINUTE);

    HeartbeatReport usual = engine.onHeartbeat(AMPLE_MS); // a minute after a sweep minute: the usual window
    clock.advance(9 * MINUTE); // the next multiple of ten minutes
    HeartbeatReport sweep = engine.onHeartbeat(AMPLE_MS);

    assertThat(usual.pinged()).isZero();
    assertThat(sweep.pinged()).isEqualTo(3);
    for (String id : behind) {
      assertThat(gateway.frames(id)).as(id).containsExactly("2");
    }
  }
}
