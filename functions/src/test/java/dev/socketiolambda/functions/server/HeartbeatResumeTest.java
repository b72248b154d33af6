package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.store.DueItem;
import dev.socketiolambda.functions.store.StateStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tick that runs long or defers connections must not leave a live connection to the next sweep.
 * The store here looks back a bounded window, as the DynamoDB due index does (20 to 30 s on the
 * local stack: two buckets of 10 s), and the heartbeat is the deployment's (240 s / 120 s): before
 * this was fixed, a ten-minute sweep on a busy DynamoDB Local took longer than that window, the
 * connections that fell due meanwhile were not pinged again before the next sweep, and their
 * clients closed with "ping timeout" after 360 s (1,148 of 2,000 in the 30-minute soak).
 */
class HeartbeatResumeTest {
  /** How far back the store's {@code due(now)} looks. */
  private static final long WINDOW_MS = 20_000;

  private final EngineHarness h = new EngineHarness(new DemoApp(), EngineConfig.DEFAULT, HeartbeatResumeTest::windowed,
      null);

  /** The in-memory store, with the look-back of an index of time buckets. */
  private static StateStore windowed(StateStore store) {
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, method, args) -> {
          try {
            if (method.getName().equals("duePings")) { // DynamoDB's: the times on the phases in (since, now]
              long since = (long) args[0];
              @SuppressWarnings("unchecked")
              List<DueItem> all = (List<DueItem>) method.invoke(store, args);
              return all.stream().filter(i -> i.dueAt() > since).toList();
            }
            if (method.getName().equals("due")) {
              long now = (long) args[args.length - 1];
              long from = args.length == 2 ? Math.min((long) args[0], now - WINDOW_MS) : now - WINDOW_MS;
              @SuppressWarnings("unchecked")
              List<DueItem> all = (List<DueItem>) method.invoke(store, args);
              return all.stream().filter(i -> i.dueAt() > from).toList();
            }
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @BeforeEach
  void awayFromTheSweeps() {
    // two minutes into a ten-minute window: no tick below is a sweep
    h.clock.advance(Heartbeat.SWEEP_EVERY_MS - Math.floorMod(h.clock.now(), Heartbeat.SWEEP_EVERY_MS) + 120_000);
    h.connect("c1", "/");
    h.posted("c1");
  }

  @Test
  void connectionsThatFellDueDuringALongTickArePingedByTheNextOne() {
    h.clock.advance(230_000);
    assertThat(h.engine.onHeartbeat().pinged()).isZero(); // c1 is due 10 s later, while this tick runs
    h.clock.advance(60_000); // the tick took a minute (a sweep on a slow DynamoDB): the next starts now

    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
    assertThat(h.posted("c1")).containsExactly("2");
  }

  @Test
  void connectionsATickDeferredArePingedByTheNextOneHoweverLateItRuns() {
    h.clock.advance(240_000);
    HeartbeatReport spent = h.engine.onHeartbeat(0); // its budget was gone before it started c1
    assertThat(spent.deferred()).isEqualTo(1);
    h.clock.advance(60_000);

    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
    assertThat(h.posted("c1")).containsExactly("2");
    h.send("c1", "3");
    // the next ping keeps the schedule: an interval after the deferred one was due, not after it was sent
    h.clock.advance(179_999);
    assertThat(h.engine.onHeartbeat().pinged()).isZero();
    h.clock.advance(1);
    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
  }

  @Test
  void aConnectionWhosePingFailedIsPingedByTheNextTickNotAnIntervalLater() {
    h.clock.advance(240_000);
    h.gateway.failNext("c1", EngineConfig.DEFAULT.postAttempts(), 500); // every attempt of the ping's post
    HeartbeatReport failed = h.engine.onHeartbeat();
    assertThat(failed.failed()).isEqualTo(1);
    h.clock.advance(60_000);

    assertThat(h.engine.onHeartbeat().pinged()).isEqualTo(1);
    assertThat(h.posted("c1")).containsExactly("2");
  }

  @Test
  void aConnectionWhosePingsKeepFailingIsTriedOnceMoreThenAtItsNextTime() {
    h.clock.advance(240_000);
    h.gateway.failNext("c1", 2 * EngineConfig.DEFAULT.postAttempts(), 500);
    assertThat(h.engine.onHeartbeat().failed()).isEqualTo(1);
    h.clock.advance(60_000);
    assertThat(h.engine.onHeartbeat().failed()).as("the one retry").isEqualTo(1);
    h.clock.advance(60_000);

    assertThat(h.engine.onHeartbeat()).as("no window held open for it").isEqualTo(new HeartbeatReport(0, 0, 0, 0, 0, 0));
    h.clock.advance(120_000); // its next time on the phase, an interval after the first: its client, never
    // pinged since it opened 480 s ago, gave up after pingInterval + pingTimeout (360 s)
    HeartbeatReport r = h.engine.onHeartbeat();
    assertThat(r.timedOut()).isEqualTo(1);
    assertThat(r.failed()).isZero();
    assertThat(h.memory.getConnection("c1")).isEmpty();
  }
}
