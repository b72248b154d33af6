package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.store.StateStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's sweep over the whole due index runs once per ten-minute window, however often the
 * schedule ticks (once a minute on AWS, every 100 ms to 1 s on the local stack, where a sweep on every
 * tick of the window starved the pings).
 */
class HeartbeatSweepTest {
  private final AtomicInteger sweeps = new AtomicInteger();
  private final EngineHarness h = new EngineHarness(new ConformanceApp(), EngineHarness.CONFORMANCE,
      this::countingSweeps, null);

  private StateStore countingSweeps(StateStore store) {
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, method, args) -> {
          // a sweep looks back the rows' whole lifetime; other ticks resume where the last one stopped
          if (method.getName().equals("due") && args != null && args.length == 2
              && (long) args[1] - (long) args[0] >= Heartbeat.SWEEP_WINDOW_MS) {
            sweeps.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void ticksInTheSameWindowSweepOnceAndTheNextWindowSweepsAgain() {
    h.clock.advance(Heartbeat.SWEEP_EVERY_MS - Math.floorMod(h.clock.now(), Heartbeat.SWEEP_EVERY_MS));
    for (int i = 0; i < 5; i++) {
      h.engine.onHeartbeat();
      h.clock.advance(1_000);
    }
    assertThat(sweeps).hasValue(1);

    h.clock.advance(Heartbeat.SWEEP_WINDOW_START_MS);
    h.engine.onHeartbeat(); // outside the window
    assertThat(sweeps).hasValue(1);

    h.clock.advance(Heartbeat.SWEEP_EVERY_MS - Math.floorMod(h.clock.now(), Heartbeat.SWEEP_EVERY_MS));
    h.engine.onHeartbeat();
    h.engine.onHeartbeat();
    assertThat(sweeps).hasValue(2);
  }
}
