package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.store.ConnectionRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How connections end: malformed frames, oversize frames, client close, $disconnect, namespace DISCONNECT. */
class EngineLifecycleTest {
  private final List<String> disconnects = new CopyOnWriteArrayList<>();

  private EngineHarness harness(EngineConfig config) {
    return new EngineHarness(io -> {
      new ConformanceApp().configure(io);
      io.of("/").onDisconnect((socket, reason) -> disconnects.add(socket.namespace() + ":" + reason));
      io.of("/custom").onDisconnect((socket, reason) -> disconnects.add(socket.namespace() + ":" + reason));
    }, config);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4abc", "42{}", "42abc[\"message\"]", "4", "40[]", "42[\"connect\"]", "x", "bnot base64!"})
  void malformedPacketClosesTheConnection(String frame) {
    EngineHarness h = harness(CONFORMANCE);
    h.connect("c1");
    h.connect("c2");

    assertThat(h.send("c1", frame)).isEqualTo(Engine.NOOP);

    assertThat(h.posted("c1")).containsExactly("1");
    assertThat(h.gateway.deleted()).containsExactly("c1");
    assertThat(h.memory.getConnection("c1")).isEmpty();
    assertThat(h.memory.socketsOf("c1")).isEmpty();
    assertThat(disconnects).containsExactly("/:parse error");
    assertThat(h.memory.getConnection("c2")).isPresent();
  }

  @Test
  void malformedPacketBeforeAnyConnectLeavesNoRows() {
    EngineHarness h = harness(CONFORMANCE);
    h.open("c1");

    h.send("c1", "42{}");

    assertThat(h.memory.rowCount()).isZero();
    assertThat(h.gateway.wasDeleted("c1")).isTrue();
  }

  @Test
  void frameOverMaxPayloadClosesTheConnection() {
    EngineHarness h = harness(CONFORMANCE.withMaxPayload(64));
    h.connect("c1");

    assertThat(h.send("c1", "42[\"message\",\"" + "x".repeat(60) + "\"]")).isEqualTo(Engine.NOOP);

    assertThat(h.gateway.wasDeleted("c1")).isTrue();
    assertThat(h.memory.rowCount()).isZero();
    assertThat(disconnects).containsExactly("/:transport error");
  }

  @Test
  void maxPayloadCountsUtf8Bytes() {
    EngineHarness h = harness(CONFORMANCE.withMaxPayload(64));
    h.connect("c1");
    String fits = "42[\"message\",\"" + "x".repeat(48) + "\"]"; // 64 bytes
    String multiByte = "42[\"message\",\"" + "é".repeat(25) + "\"]"; // 41 chars, 66 bytes

    assertThat(fits).hasSize(64);
    assertThat(h.send("c1", fits)).startsWith("42[\"message-back\"");
    h.send("c1", multiByte);

    assertThat(h.gateway.wasDeleted("c1")).isTrue();
  }

  @Test
  void clientCloseEndsTheConnectionWithoutANotice() {
    EngineHarness h = harness(CONFORMANCE);
    h.connect("c1");

    assertThat(h.send("c1", "1")).isEqualTo(Engine.NOOP);

    assertThat(h.posted("c1")).isEmpty();
    assertThat(h.gateway.deleted()).containsExactly("c1");
    assertThat(h.memory.rowCount()).isZero();
    assertThat(disconnects).containsExactly("/:transport close");
  }

  @Test
  void disconnectRemovesEveryRowAndRunsTheListeners() {
    EngineHarness h = harness(CONFORMANCE);
    h.connect("c1");
    h.join("c1", "/custom", "{\"a\":1}");
    h.send("c1", "42[\"message\",1]");
    h.memory.addBinaryPart("c1", 1, "51-[\"x\",{\"_placeholder\":true,\"num\":0}]", null);

    h.engine.onDisconnect("c1");

    assertThat(h.memory.rowCount()).isZero();
    assertThat(disconnects).containsExactlyInAnyOrder("/:transport close", "/custom:transport close");
    assertThat(h.gateway.deleted()).isEmpty();
  }

  @Test
  void disconnectListenersSeeTheHandshakeDataAndRoomsOfTheSocket() {
    List<String> seen = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> io.storedHandshake(StoredHandshake.defaults().withQuery("room"))
        .onConnection(socket -> {
          socket.join("lobby");
          socket.data().put("user", "ann");
        }).of("/").onDisconnect((socket, reason) -> seen.add(reason + " query=" + socket.handshake().query("room")
        + " origin=" + socket.handshake().header("origin") + " user=" + socket.data().path("user").asText()
        + " lobby=" + socket.rooms().contains("lobby"))), CONFORMANCE);
    h.connect("c1");
    h.connect("c2");

    h.send("c1", "41");
    h.engine.onDisconnect("c2");

    assertThat(seen).containsExactly(
        "client namespace disconnect query=a origin=https://app.example.com user=ann lobby=true",
        "transport close query=a origin=https://app.example.com user=ann lobby=true");
  }

  @Test
  void disconnectOfAnUnknownConnectionIsHarmless() {
    EngineHarness h = harness(CONFORMANCE);

    h.engine.onDisconnect("nobody");

    assertThat(disconnects).isEmpty();
    assertThat(h.errors).isEmpty();
  }

  @Test
  void namespaceDisconnectKeepsTheConnectionAndItsOtherSockets() {
    EngineHarness h = harness(CONFORMANCE);
    h.connect("c1");
    h.join("c1", "/custom", null);

    assertThat(h.send("c1", "41")).isEqualTo(Engine.NOOP);

    assertThat(disconnects).containsExactly("/:client namespace disconnect");
    assertThat(h.memory.getConnection("c1")).isPresent();
    assertThat(h.memory.getSocket("c1", "/")).isEmpty();
    assertThat(h.memory.getSocket("c1", "/custom")).isPresent();
    assertThat(h.gateway.deleted()).isEmpty();
    assertThat(h.send("c1", "421[\"message-with-ack\",1]")).isEqualTo(Engine.NOOP); // no socket in "/" any more

    assertThat(h.send("c1", "41/custom,")).isEqualTo(Engine.NOOP);
    assertThat(disconnects).containsExactly("/:client namespace disconnect", "/custom:client namespace disconnect");
    assertThat(h.memory.socketsOf("c1")).isEmpty();
    assertThat(h.memory.getConnection("c1")).isPresent();

    h.send("c1", "40");
    assertThat(h.memory.getSocket("c1", "/")).isPresent();
  }

  @Test
  void aPongBeforeAnyPingRecordsLivenessAndLeavesTheConnectionDueAtItsFirstPing() {
    EngineHarness h = harness(CONFORMANCE);
    h.connect("c1");
    long firstPing = h.memory.getConnection("c1").orElseThrow().dueAt();
    h.clock.advance(200);

    assertThat(h.send("c1", "3")).isEqualTo(Engine.NOOP);

    ConnectionRecord c = h.memory.getConnection("c1").orElseThrow();
    assertThat(c.lastPongAt()).isEqualTo(h.clock.now());
    assertThat(c.dueAt()).isEqualTo(firstPing);
  }

  @Test
  void clientPingIsAnsweredWithPong() {
    EngineHarness h = harness(CONFORMANCE);
    h.connect("c1");

    assertThat(h.send("c1", "2probe")).isEqualTo("3probe");
    assertThat(h.send("c1", "2")).isEqualTo("3");
  }

  @Test
  void emptyNoopAndUpgradeFramesAnswerNoop() {
    EngineHarness h = harness(CONFORMANCE);
    h.connect("c1");

    assertThat(h.engine.onMessage("c1", null)).isEqualTo(Engine.NOOP);
    assertThat(h.send("c1", "")).isEqualTo(Engine.NOOP);
    assertThat(h.send("c1", "6")).isEqualTo(Engine.NOOP);
    assertThat(h.send("c1", "5")).isEqualTo(Engine.NOOP);
    assertThat(h.memory.getConnection("c1")).isPresent();
  }

  @Test
  void clientConnectErrorPacketIsIgnored() {
    EngineHarness h = harness(CONFORMANCE);
    h.connect("c1");

    assertThat(h.send("c1", "44{\"message\":\"x\"}")).isEqualTo(Engine.NOOP);
    assertThat(h.memory.getConnection("c1")).isPresent();
  }
}
