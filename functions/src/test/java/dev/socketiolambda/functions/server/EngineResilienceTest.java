package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code $default} must answer every frame with a real Engine.IO frame and never throw, whatever
 * the store or the gateway do: anything else reaches the client as a frame that kills it.
 */
class EngineResilienceTest {
  private static final String[] FRAMES = {
      "40", "40/custom,{\"token\":1}", "40/random,", "42[\"message\",1]", "421[\"message-with-ack\",1]",
      "4212[\"ask\",1]", "4213[\"remember\",1]", "43123[1]", "41", "3", "2probe", "1", "6", "", "4abc", "42{}",
      "451-[\"message\",{\"_placeholder\":true,\"num\":0}]", "bAQID", "b!!", "x"};

  /** A store that fails the named methods (every method when the set holds "*") while {@link #armed}. */
  static final class FailingStore {
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    volatile boolean armed;

    StateStore wrap(StateStore real) {
      return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
          (proxy, method, args) -> {
            if (armed && (failing.contains("*") || failing.contains(method.getName()))) {
              throw new StoreException("injected failure in " + method.getName());
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }

  private static EngineHarness harness(FailingStore failing, String defaultEndpoint) {
    return new EngineHarness(new DemoApp(), CONFORMANCE, failing::wrap, defaultEndpoint);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "getConnection", "getSocket", "putSocket", "socketsOf", "deleteConnection",
      "deleteSocket", "replaceSocketData", "putAck", "takeAck", "addBinaryPart", "binaryParts", "claimBinaryParts",
      "recordPong",
      "members", "join"})
  void onMessageAlwaysAnswersWithAFrameWhenTheStoreFails(String method) {
    for (String endpoint : new String[] {null, EngineHarness.ENDPOINT}) {
      FailingStore failing = new FailingStore();
      failing.failing.add(method);
      EngineHarness h = harness(failing, endpoint);
      h.connect("c1");
      h.join("c1", "/secure", "{\"token\":\"secret\"}");
      failing.armed = true;

      for (String frame : FRAMES) {
        String reply = h.engine.onMessage("c1", frame);
        assertThat(reply).as("reply to %s with %s failing", frame, method).isNotNull().isNotEmpty();
      }
    }
  }

  @Test
  void onMessageAnswersNoopWhenEveryStoreCallFails() {
    FailingStore failing = new FailingStore();
    failing.failing.add("*");
    EngineHarness h = harness(failing, null);
    failing.armed = true;

    assertThat(h.engine.onMessage("c1", "40")).isEqualTo(Engine.NOOP);
    assertThat(h.errors).singleElement().asString().startsWith("message").contains("injected failure");
  }

  @Test
  void goneWhilePostingTheFirstFramesAndAFailingStoreStillAnswer() {
    FailingStore failing = new FailingStore();
    failing.failing.add("deleteConnection");
    EngineHarness h = new EngineHarness(new ConformanceApp(), CONFORMANCE, failing::wrap, null);
    h.open("c1");
    h.gateway.gone("c1");
    failing.armed = true;

    // CONNECT to /custom produces two frames: the first is posted (410 here), the last is the route response
    assertThatCode(() -> assertThat(h.engine.onMessage("c1", "40/custom,{}")).isNotEmpty())
        .doesNotThrowAnyException();
  }

  @Test
  void goneWhilePostingTheFirstFramesRemovesTheConnectionAndRunsItsDisconnectListeners() {
    List<String> reasons = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> {
      new ConformanceApp().configure(io);
      io.of("/custom").onDisconnect((socket, reason) -> reasons.add(reason));
    }, CONFORMANCE);
    h.open("c1");
    h.gateway.gone("c1");

    assertThat(h.send("c1", "40/custom,{}")).isEqualTo(Engine.NOOP);
    assertThat(h.memory.rowCount()).isZero();
    assertThat(reasons).containsExactly("transport close");
  }

  @Test
  void failedPostOfTheFirstFramesIsReportedAndTheLastStillReturned() {
    EngineHarness h = EngineHarness.of(new ConformanceApp());
    h.open("c1");
    h.gateway.failNext("c1", 3, 500); // as many failures as attempts (CONFORMANCE: 3)

    assertThat(h.send("c1", "40/custom,{}")).isEqualTo("42/custom,[\"auth\",{}]");
    assertThat(h.errors).singleElement().asString().startsWith("reply");
  }

  @Test
  void disconnectNeverThrowsWhenTheStoreFails() {
    FailingStore failing = new FailingStore();
    failing.failing.add("*");
    EngineHarness h = harness(failing, null);
    failing.armed = true;

    assertThatCode(() -> h.engine.onDisconnect("c1")).doesNotThrowAnyException();
  }

  @Test
  void failingErrorHookDoesNotBreakTheReply() {
    EngineHarness h = new EngineHarness(io -> io.on("boom", (socket, args, ack) -> {
      throw new IllegalStateException("x");
    }), CONFORMANCE);
    h.io.onError((where, socket, error) -> {
      throw new IllegalStateException("hook broke too");
    });
    h.connect("c1");

    assertThat(h.send("c1", "421[\"boom\"]")).isEqualTo("431[{\"error\":{\"message\":\"internal server error\"}}]");
  }
}
