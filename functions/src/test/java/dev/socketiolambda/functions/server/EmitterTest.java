package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Socket.IO's server utilities outside socket listeners, through the {@link Emitter}. */
class EmitterTest {
  private EngineHarness h;
  private Emitter emitter;
  private String sidA;
  private String sidB;

  @BeforeEach
  void twoClientsInRooms() {
    h = new EngineHarness(io -> {
      new DemoApp().configure(io);
      io.storedHandshake(StoredHandshake.defaults().withQuery("room")); // read by fetched sockets
    }, CONFORMANCE);
    sidA = h.connect("A");
    sidB = h.connect("B");
    h.connect("C");
    h.send("A", "421[\"join\",\"red\"]");
    h.send("B", "421[\"join\",\"red\"]");
    h.send("A", "422[\"remember\",{\"name\":\"ann\"}]");
    h.gateway.clear();
    emitter = new Emitter(new FanOut(h.memory, new GatewayTransport(id -> h.gateway, null), FanOutSettings.DEFAULT,
        null, h.memory::deleteConnection, e -> h.errors.add("emitter: " + e)));
  }

  @Test
  void fetchSocketsGivesIdRoomsDataAndHandshake() {
    List<Socket> red = emitter.of("/").in("red").fetchSockets();

    assertThat(red).extracting(Socket::id).containsExactlyInAnyOrder(sidA, sidB);
    Socket a = red.stream().filter(s -> s.id().equals(sidA)).findFirst().orElseThrow();
    assertThat(a.rooms()).containsExactlyInAnyOrder(sidA, "red");
    assertThat(a.data().path("remembered").path("name").asText()).isEqualTo("ann");
    assertThat(a.handshake().address()).isEqualTo("203.0.113.7");
    assertThat(a.handshake().query("room")).isEqualTo("a");
  }

  @Test
  void countSocketsCountsTheNamespaceARoomAndOtherTargets() {
    assertThat(emitter.countSockets()).isEqualTo(3);
    assertThat(emitter.of("/").in("red").countSockets()).isEqualTo(2);
    assertThat(emitter.of("/").except("red").countSockets()).isEqualTo(1);
    assertThat(emitter.of("/").in("nobody").countSockets()).isZero();
  }

  @Test
  void emitReachesTheTargetAndSaysWhatItDid() {
    BroadcastResult r = emitter.to("red").except(sidB).emit("news", 1);

    assertThat(r.recipients()).isEqualTo(1);
    assertThat(h.posted("A")).containsExactly("42[\"news\",1]");
    assertThat(h.posted("B")).isEmpty();
  }

  @Test
  void aFetchedSocketCanBeEmittedTo() {
    Socket b = emitter.of("/").in("red").fetchSockets().stream().filter(s -> s.id().equals(sidB)).findFirst()
        .orElseThrow();

    b.emit("just-you", "b");

    assertThat(h.posted("B")).containsExactly("42[\"just-you\",\"b\"]");
    assertThat(h.posted("A")).isEmpty();
  }

  @Test
  void socketsJoinAndSocketsLeaveChangeTheRoomsOfTheTargetedSockets() {
    emitter.of("/").in("red").socketsJoin("blue");

    assertThat(emitter.of("/").in("blue").fetchSockets()).extracting(Socket::id).containsExactlyInAnyOrder(sidA, sidB);

    emitter.of("/").in("blue").except("nothing").socketsLeave("red");

    assertThat(emitter.of("/").in("red").countSockets()).isZero();
    assertThat(h.memory.getSocket("A", "/").orElseThrow().rooms()).containsExactlyInAnyOrder(sidA, "blue");
  }

  @Test
  void disconnectSocketsTellsTheClientsAndRemovesTheirSockets() {
    emitter.of("/").in("red").disconnectSockets(false);

    assertThat(h.posted("A")).containsExactly("41");
    assertThat(h.posted("B")).containsExactly("41");
    assertThat(h.memory.getSocket("A", "/")).isEmpty();
    assertThat(h.memory.getConnection("A")).as("the connection stays").isPresent();
    assertThat(emitter.countSockets()).isEqualTo(1);
  }

  @Test
  void disconnectSocketsWithCloseEndsTheConnections() {
    emitter.of("/").in("red").disconnectSockets(true);

    assertThat(h.posted("A")).containsExactly("1");
    assertThat(h.memory.getConnection("A")).isEmpty();
    assertThat(h.memory.getConnection("B")).isEmpty();
    assertThat(h.memory.getConnection("C")).isPresent();
  }
}
