package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.store.SocketRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves a namespace and joins it again on the same connection ({@code 41/custom,} then
 * {@code 40/custom,}, while another namespace keeps the connection open): API Gateway may hand the two
 * frames to overlapping invocations, or the second first. After both the client is connected, so the
 * server must have its socket.
 */
class NamespaceReconnectTest {
  private static final long BUDGET_MS = 10_000;
  private final List<String> disconnects = new CopyOnWriteArrayList<>();

  private EngineHarness harness() {
    return new EngineHarness(io -> {
      new ConformanceApp().configure(io);
      io.of("/custom").onDisconnect((socket, reason) -> disconnects.add(socket.id() + ":" + reason));
    }, CONFORMANCE);
  }

  /** Connection c1 in "/" and "/custom"; returns the sid in "/custom". */
  private static String connectedToCustom(EngineHarness h) {
    h.connect("c1");
    return h.join("c1", "/custom", null);
  }

  /** A CONNECT of "/custom" received at {@code at}; returns the CONNECT reply frame (the route response or posted). */
  private static String connectCustom(EngineHarness h, long at) {
    String reply = h.engine.onMessage("c1", "40/custom,", BUDGET_MS, at);
    List<String> posted = h.posted("c1");
    return posted.isEmpty() ? reply : posted.get(0);
  }

  @Test
  void aConnectReceivedAfterTheDisconnectButHandledFirstKeepsTheSocketItWasAnsweredWith() {
    EngineHarness h = harness();
    String sid = connectedToCustom(h);
    long at = h.clock.now();

    String connected = connectCustom(h, at + 20);
    String left = h.engine.onMessage("c1", "41/custom,", BUDGET_MS, at + 10);

    assertThat(EngineHarness.sidOf(connected)).isEqualTo(sid);
    assertThat(left).isEqualTo(Engine.NOOP);
    assertThat(disconnects).isEmpty();
    assertThat(h.memory.getSocket("c1", "/custom")).map(SocketRecord::sid).contains(sid);
    assertThat(h.send("c1", "42/custom,7[\"message-with-ack\",1]")).isEqualTo("43/custom,7[1]");
  }

  @Test
  void aDisconnectReceivedAfterTheConnectEndsTheSocket() {
    EngineHarness h = harness();
    String sid = connectedToCustom(h);
    long at = h.clock.now();

    connectCustom(h, at + 10);
    h.engine.onMessage("c1", "41/custom,", BUDGET_MS, at + 20);

    assertThat(disconnects).containsExactly(sid + ":client namespace disconnect");
    assertThat(h.memory.getSocket("c1", "/custom")).isEmpty();
  }

  @Test
  void aConnectThatFindsItsNamespaceBeingDisconnectedWaitsForItAndGetsANewSocket() throws Exception {
    EngineHarness h = harness();
    String old = connectedToCustom(h);
    SocketRecord claimed = h.memory.claimSocket("c1", "/custom", "the-disconnect's-invocation").orElseThrow();
    CompletableFuture<Void> disconnect = CompletableFuture.runAsync(() -> h.memory.deleteSocket(claimed),
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

    String connected = connectCustom(h, h.clock.now());
    disconnect.get(10, TimeUnit.SECONDS);

    String sid = EngineHarness.sidOf(connected);
    assertThat(sid).isNotEqualTo(old);
    assertThat(h.memory.getSocket("c1", "/custom")).map(SocketRecord::sid).contains(sid);
    assertThat(h.memory.members("/custom", "")).extracting(m -> m.sid()).containsExactly(sid);
  }

  @Test
  void aConnectWhoseNamespaceStaysClaimedGetsAConnectErrorNotSilence() {
    EngineHarness h = harness();
    connectedToCustom(h);
    h.memory.claimSocket("c1", "/custom", "an-invocation-that-died").orElseThrow();

    String refused = connectCustom(h, h.clock.now());

    assertThat(refused).startsWith("44/custom,{\"message\":\"the namespace /custom is still being disconnected");
  }
}
