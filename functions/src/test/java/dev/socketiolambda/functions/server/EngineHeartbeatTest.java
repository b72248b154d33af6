package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.StateStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled heartbeat with the conformance timings (ping every 300 ms, 200 ms to answer, CONNECT
 * within 1 s). The clock only moves when a test moves it.
 */
class EngineHeartbeatTest {
  private final List<String> disconnects = new CopyOnWriteArrayList<>();
  private EngineHarness h;
  private long t0;

  @BeforeEach
  void setUp() {
    h = new EngineHarness(io -> {
      new ConformanceApp().configure(io);
      io.of("/").onDisconnect((socket, reason) -> disconnects.add(socket.connectionId() + ":" + reason));
    }, CONFORMANCE);
    t0 = h.clock.now();
  }

  private ConnectionRecord connection(String id) {
    return h.memory.getConnection(id).orElseThrow();
  }

  @Test
  void nothingIsDueBeforeThePingInterval() {
    h.connect("c1");
    h.clock.advance(299);

    HeartbeatReport r = h.engine.onHeartbeat();

    assertThat(r).isEqualTo(new HeartbeatReport(0, 0, 0, 0, 0, 0));
    assertThat(h.gateway.sent()).isEmpty();
  }

  @Test
  void pingIsPostedWhenDueAndTheConnectionIsDueAgainAtTheNextPing() {
    h.connect("c1");
    h.clock.advance(300);

    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);

    assertThat(h.posted("c1")).containsExactly("2");
    assertThat(connection("c1").lastPingAt()).as("a ping on the phase is not written").isZero();

    h.clock.advance(100);
    h.send("c1", "3");
    assertThat(connection("c1").lastPongAt()).isEqualTo(t0 + 400);

    h.clock.advance(199); // t0 + 599: answered, not due
    assertThat(h.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(0, 0, 0, 0, 0, 0));
    h.clock.advance(1); // t0 + 600: the next ping
    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
    assertThat(h.posted("c1")).containsExactly("2");
    assertThat(h.memory.getConnection("c1")).isPresent();
  }

  @Test
  void aLateTickDoesNotDelayTheNextPing() {
    h.connect("c1");
    h.clock.set(t0 + 340); // the ping was due at t0 + 300
    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
    h.clock.set(t0 + 350);
    h.send("c1", "3");

    h.clock.set(t0 + 599);
    assertThat(h.engine.onHeartbeat().pinged()).isZero();
    h.clock.set(t0 + 600); // an interval after the first was due, not after it was sent
    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
  }

  @Test
  void aTickFarBehindScheduleMakesTheNextPingDueHalfAnIntervalLater() {
    h.connect("c1");
    h.clock.set(t0 + 460); // the ping was due at t0 + 300; the client gives up at t0 + 500
    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);

    assertThat(connection("c1").dueAt()).isEqualTo(t0 + 610);
    assertThat(connection("c1").lastPingAt()).as("moving the phase writes the ping").isEqualTo(t0 + 460);
  }

  @Test
  void aConnectionTheTicksMissedLongerThanItsClientWaitsIsClosed() {
    h.connect("c1");
    h.clock.set(t0 + 4_850); // no tick since it connected (its time t0 + 4800 is in this one's window): its
    // client gave up at t0 + 500

    HeartbeatReport r = h.engine.onHeartbeat();

    assertThat(r.timedOut()).isEqualTo(1);
    assertThat(h.posted("c1")).isEmpty();
    assertThat(disconnects).containsExactly("c1:ping timeout");
  }

  @Test
  void aTimeOnThePhaseTheTicksSkippedDoesNotStopThePings() {
    EngineHarness slow = new EngineHarness(new ConformanceApp(), CONFORMANCE.withPing(300, 1_000));
    slow.connect("c1");
    slow.clock.set(t0 + 300);
    assertThat(slow.engine.onHeartbeat().pinged()).isEqualTo(1);
    slow.clock.set(t0 + 350);
    slow.send("c1", "3");

    // no tick at t0 + 600; this late one looks back less than an interval: its window holds t0 + 900 only
    slow.clock.set(t0 + 950);
    HeartbeatReport r = slow.engine.onHeartbeat();

    assertThat(r.pinged()).isEqualTo(1);
    assertThat(slow.posted("c1")).containsExactly("2", "2");
    assertThat(slow.memory.getConnection("c1").orElseThrow().lastPingAt())
        .as("the skipped ping's time, recorded: its pong is awaited from then").isEqualTo(t0 + 600);
  }

  @Test
  void aConnectedRowPutOffItsPhaseIsPutOnItByItsFirstPing() {
    // as an upgrade from long-polling puts the WebSocket connection's row: connected, time-bucketed
    h.open("u1");
    ConnectionRecord put = connection("u1").withConnectDeadline(0, t0 + 300);
    h.memory.putConnection(put);
    assertThat(connection("u1").onPingPhase()).isFalse();

    h.clock.set(t0 + 300);
    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
    assertThat(connection("u1").onPingPhase()).isTrue();
    h.clock.set(t0 + 350);
    h.send("u1", "3");
    h.clock.set(t0 + 599);
    assertThat(h.engine.onHeartbeat().pinged()).isZero();
    h.clock.set(t0 + 600);
    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
    assertThat(h.posted("u1")).containsExactly("2", "2");
  }

  @Test
  void aPingOnItsPhaseWritesNothing() {
    List<String> calls = new CopyOnWriteArrayList<>();
    EngineHarness counted = new EngineHarness(new ConformanceApp(), CONFORMANCE, store -> recording(store, calls), null);
    counted.connect("c1");
    counted.clock.set(t0 + 300);
    counted.engine.onHeartbeat();
    counted.clock.set(t0 + 400);
    counted.send("c1", "3");
    calls.clear();

    counted.clock.set(t0 + 600);
    assertThat(counted.engine.onHeartbeat().pinged()).isEqualTo(1);

    assertThat(calls).as("the tick's store calls").containsOnly("due", "duePings", "getConnection");
    assertThat(counted.posted("c1")).containsExactly("2", "2");
  }

  /** The store, keeping the name of every method called. */
  private static StateStore recording(StateStore store, List<String> calls) {
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, method, args) -> {
          calls.add(method.getName());
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aPongLaterThanThePingTimeoutButBeforeTheNextPingKeepsTheConnection() {
    h.connect("c1");
    h.clock.set(t0 + 300);
    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);

    h.clock.set(t0 + 599); // 299 ms after the ping: the heartbeat looks again at the next ping, t0 + 600
    h.send("c1", "3");

    h.clock.set(t0 + 600);
    assertThat(h.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(1, 0, 0, 0, 0, 0));
    assertThat(disconnects).isEmpty();
  }

  @Test
  void aPingTimeoutLongerThanTheIntervalGivesThePongItsWholeTimeout() {
    EngineHarness slow = new EngineHarness(new ConformanceApp(), CONFORMANCE.withPing(300, 1_000));
    slow.connect("c1");
    slow.connect("c2");
    slow.clock.set(t0 + 300);
    assertThat(slow.engine.onHeartbeat().pinged()).isEqualTo(2);

    // the next time on the phase, no pong yet: the pong may come until t0 + 1300. The tick did not record its
    // ping at t0 + 300 and cannot tell that it went out, so it sends one more and records the first: the pong
    // is awaited from t0 + 300 still, and no more pings go out until it comes
    slow.clock.set(t0 + 600);
    assertThat(slow.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(2, 0, 0, 0, 0, 0));
    slow.clock.set(t0 + 900);
    slow.send("c2", "3");
    assertThat(slow.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(1, 0, 0, 0, 0, 0));
    slow.clock.set(t0 + 1_000);
    slow.send("c2", "3");

    slow.clock.set(t0 + 1_200); // c1's ping is 900 ms old: still within its timeout
    assertThat(slow.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(1, 0, 0, 0, 0, 0));
    assertThat(slow.memory.getConnection("c1")).isPresent();
    slow.clock.set(t0 + 1_250);
    slow.send("c2", "3");
    slow.clock.set(t0 + 1_500); // the first time on the phase after c1's timeout
    HeartbeatReport r = slow.engine.onHeartbeat();

    assertThat(r.timedOut()).isEqualTo(1);
    assertThat(r.pinged()).isEqualTo(1);
    assertThat(slow.memory.getConnection("c1")).isEmpty();
    assertThat(slow.posted("c2")).containsExactly("2", "2", "2", "2", "2");
  }

  @Test
  void aTickWithABudgetCountsItsPingsAndTimeoutsAsTheUnboundedOneDoes() {
    h.connect("c1");
    h.send("c1", "40");
    Meter meter = Meter.runtime();
    long pings = meter.get(Metric.HEARTBEAT_PINGS);
    long timeouts = meter.get(Metric.HEARTBEAT_TIMEOUTS);

    h.clock.advance(300);
    HeartbeatReport ping = h.engine.onHeartbeat(50_000); // as the Lambda handler calls it
    h.clock.advance(300); // no pong by the next ping
    HeartbeatReport timeout = h.engine.onHeartbeat(50_000);

    assertThat(ping.pinged()).isEqualTo(1);
    assertThat(timeout.timedOut()).isEqualTo(1);
    assertThat(meter.get(Metric.HEARTBEAT_PINGS) - pings).isEqualTo(1);
    assertThat(meter.get(Metric.HEARTBEAT_TIMEOUTS) - timeouts).isEqualTo(1);
  }

  @Test
  void socketsAreCountedPerDeclaredNamespace() {
    h.connect("c1");
    h.connect("c2");
    h.send("c1", "40");
    h.send("c2", "40");
    h.send("c2", "40/custom,");

    assertThat(h.engine.socketsPerNamespace()).containsEntry("/", 2).containsEntry("/custom", 1);
  }

  @Test
  void aPingWithoutAPongByTheNextPingRemovesTheConnectionWithPingTimeout() {
    h.connect("c1");
    h.connect("c2");
    h.clock.advance(300);
    h.engine.onHeartbeat();
    h.clock.advance(100);
    h.send("c2", "3");

    h.clock.advance(199); // t0 + 599
    assertThat(h.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(0, 0, 0, 0, 0, 0));
    h.clock.advance(1); // t0 + 600, the next ping: c1 did not answer the last one
    HeartbeatReport r = h.engine.onHeartbeat();

    assertThat(r.timedOut()).isEqualTo(1);
    assertThat(r.pinged()).isEqualTo(1);
    assertThat(disconnects).containsExactly("c1:ping timeout");
    assertThat(h.gateway.deleted()).containsExactly("c1");
    assertThat(h.memory.getConnection("c1")).isEmpty();
    assertThat(h.memory.socketsOf("c1")).isEmpty();
    assertThat(h.memory.getConnection("c2")).isPresent();
  }

  @Test
  void connectTimeoutClosesAConnectionThatNeverSentConnect() {
    h.open("c1");
    h.connect("c2");

    for (long at = 100; at < 1_000; at += 100) {
      h.clock.set(t0 + at);
      h.engine.onHeartbeat();
      if (h.gateway.frames("c1").contains("2")) {
        h.posted("c1");
        h.send("c1", "3"); // a live client that answers pings but never joins a namespace
      }
      if (h.gateway.frames("c2").contains("2")) {
        h.posted("c2");
        h.send("c2", "3");
      }
    }
    assertThat(h.memory.getConnection("c1")).isPresent();
    // its pings' next times were cut to the deadline, so the pong before it does not carry it past
    h.clock.set(t0 + 1_000);
    HeartbeatReport r = h.engine.onHeartbeat();

    assertThat(r.connectTimeouts()).isEqualTo(1);
    assertThat(h.memory.getConnection("c1")).isEmpty();
    assertThat(h.gateway.wasDeleted("c1")).isTrue();
    assertThat(h.memory.getConnection("c2")).isPresent();
    assertThat(h.gateway.wasDeleted("c2")).isFalse();
  }

  @Test
  void connectTimeoutIsReportedAtTheDeadline() {
    EngineHarness slow = new EngineHarness(new ConformanceApp(), CONFORMANCE.withPing(5_000, 2_000));
    slow.open("c1");
    slow.clock.advance(999);
    assertThat(slow.engine.onHeartbeat().connectTimeouts()).isZero();

    slow.clock.advance(1);
    HeartbeatReport r = slow.engine.onHeartbeat();

    assertThat(r.connectTimeouts()).isEqualTo(1);
    assertThat(slow.gateway.deleted()).containsExactly("c1");
    assertThat(slow.memory.rowCount()).isZero();
  }

  @Test
  void connectBeforeTheDeadlineClearsIt() {
    EngineHarness slow = new EngineHarness(new ConformanceApp(), CONFORMANCE.withPing(5_000, 2_000));
    slow.open("c1");
    slow.clock.advance(500);
    slow.send("c1", "40");

    assertThat(slow.memory.getConnection("c1").orElseThrow().connectDeadline()).isZero();
    assertThat(slow.memory.getConnection("c1").orElseThrow().dueAt()).isEqualTo(t0 + 5_000);
    slow.clock.advance(4_000);
    assertThat(slow.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(0, 0, 0, 0, 0, 0));
    slow.clock.advance(500);
    assertThat(slow.engine.onHeartbeat().pinged()).isEqualTo(1);
  }

  @Test
  void aLateTickBeforeTheFirstConnectKeepsThePingSchedule() {
    EngineHarness e = new EngineHarness(new ConformanceApp(), CONFORMANCE.withConnectTimeout(5_000));
    e.open("c1");
    e.clock.set(t0 + 340); // the ping was due at t0 + 300; no CONNECT yet
    assertThat(e.engine.onHeartbeat().pinged()).isEqualTo(1);

    assertThat(e.memory.getConnection("c1").orElseThrow().dueAt()).isEqualTo(t0 + 600);
  }

  @Test
  void connectAfterAPingLeavesTheClientItsWholeInterval() {
    // after the ping at 800 the connection is due at the next ping, 1600, capped at the connect deadline (1000)
    EngineHarness e = new EngineHarness(new ConformanceApp(), new EngineConfig(800, 400, 1_000_000, 1_000, 30_000,
        true, 4, 3, 2_000));
    e.open("c1");
    e.clock.set(t0 + 800);
    assertThat(e.engine.onHeartbeat().pinged()).isEqualTo(1);
    e.clock.set(t0 + 900);
    e.send("c1", "40");

    e.clock.set(t0 + 1_000);
    assertThat(e.engine.onHeartbeat().timedOut()).isZero();
    assertThat(e.memory.getConnection("c1")).isPresent();
    e.clock.set(t0 + 1_100);
    e.send("c1", "3");

    e.clock.set(t0 + 1_599);
    assertThat(e.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(0, 0, 0, 0, 0, 0));
    e.clock.set(t0 + 1_600);
    assertThat(e.engine.onHeartbeat().pinged()).isEqualTo(1);
  }

  @Test
  void aPingSentWhileTheFirstConnectIsHandledKeepsItsNextDueTime() {
    // the heartbeat pings between the CONNECT's read of the connection and its write (as two Lambdas may)
    AtomicReference<Runnable> beforeConnectWrite = new AtomicReference<>();
    EngineHarness e = new EngineHarness(new ConformanceApp(), CONFORMANCE, store -> raceBefore(store,
        "clearConnectDeadline", beforeConnectWrite), null);
    e.open("c1");
    e.clock.set(t0 + 300);
    beforeConnectWrite.set(() -> assertThat(e.engine.onHeartbeat().pinged()).isEqualTo(1));

    e.send("c1", "40");

    assertThat(e.posted("c1")).contains("2");
    ConnectionRecord c = e.memory.getConnection("c1").orElseThrow();
    assertThat(c.connectDeadline()).isZero();
    assertThat(c.dueAt()).isEqualTo(t0 + 600); // the ping's next one, not a due time from the row the CONNECT read
    assertThat(e.engine.onHeartbeat()).isEqualTo(new HeartbeatReport(0, 0, 0, 0, 0, 0));
    e.clock.set(t0 + 450);
    e.send("c1", "3");
    e.clock.set(t0 + 600);
    assertThat(e.engine.onHeartbeat().pinged()).isEqualTo(1);
    assertThat(e.memory.getConnection("c1")).isPresent();
  }

  /** The store, running {@code race} (once) before the first call of {@code method}. */
  private static StateStore raceBefore(StateStore store, String method, AtomicReference<Runnable> race) {
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, m, args) -> {
          Runnable r = m.getName().equals(method) ? race.getAndSet(null) : null;
          if (r != null) {
            r.run();
          }
          try {
            return m.invoke(store, args);
          } catch (InvocationTargetException ex) {
            throw ex.getCause();
          }
        });
  }

  @Test
  void connectAfterAnUnansweredPingStillTimesOutAtTheNextPing() {
    EngineHarness e = new EngineHarness(new ConformanceApp(), new EngineConfig(800, 400, 1_000_000, 1_000, 30_000,
        true, 4, 3, 2_000));
    e.open("c1");
    e.clock.set(t0 + 800);
    e.engine.onHeartbeat();
    e.clock.set(t0 + 900);
    e.send("c1", "40");

    e.clock.set(t0 + 1_599);
    assertThat(e.engine.onHeartbeat().timedOut()).isZero();
    e.clock.set(t0 + 1_600);

    assertThat(e.engine.onHeartbeat().timedOut()).isEqualTo(1);
    assertThat(e.memory.rowCount()).isZero();
  }

  @Test
  void goneConnectionFoundByThePingIsRemoved() {
    h.connect("c1");
    h.gateway.gone("c1");
    h.clock.advance(300);

    HeartbeatReport r = h.engine.onHeartbeat();

    assertThat(r.gone()).isEqualTo(1);
    assertThat(h.memory.rowCount()).isZero();
    assertThat(disconnects).containsExactly("c1:transport close");
  }

  @Test
  void failedPingIsCountedAndReportedAndTheTickGoesOn() {
    h.connect("c1");
    h.connect("c2");
    h.gateway.failNext("c1", 3, 500); // as many failures as attempts
    h.clock.advance(300);

    HeartbeatReport r = h.engine.onHeartbeat();

    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.pinged()).isEqualTo(1);
    assertThat(h.errors).singleElement().asString().startsWith("heartbeat");
    assertThat(h.memory.getConnection("c1")).isPresent();
  }
}
