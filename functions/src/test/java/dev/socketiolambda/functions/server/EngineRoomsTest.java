package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static dev.socketiolambda.functions.server.EngineHarness.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.testing.RecordingGateway;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rooms, broadcasts and the server-side socket operations, over several connections. */
class EngineRoomsTest {
  private final List<String> disconnects = new CopyOnWriteArrayList<>();
  private EngineHarness h;
  private String sidA;
  private String sidB;
  private String sidC;

  @BeforeEach
  void threeClients() {
    h = new EngineHarness(io -> {
      io.storedHandshake(StoredHandshake.defaults().withQuery("room")); // read by fetched sockets
      new DemoApp().configure(io);
      io.of("/").onDisconnect((socket, reason) -> disconnects.add(socket.connectionId() + ":" + reason));
    }, CONFORMANCE);
    sidA = h.connect("A");
    sidB = h.connect("B");
    sidC = h.connect("C");
    h.gateway.clear();
  }

  private void joinRoom(String connectionId, String room) {
    String reply = h.send(connectionId, "421[\"join\",\"" + room + "\"]");
    assertThat(reply).startsWith("431[[");
    assertThat(payloadOf(reply).get(0).toString()).contains("\"" + room + "\"");
  }

  private List<String> members(String room) {
    return h.memory.members("/", room).stream().map(Member::connectionId).sorted().toList();
  }

  @Test
  void joinAndLeaveUpdateTheRoomAndTheSocket() {
    joinRoom("A", "red");
    joinRoom("B", "red");

    assertThat(members("red")).containsExactly("A", "B");
    assertThat(h.memory.getSocket("A", "/").orElseThrow().rooms()).containsExactlyInAnyOrder(sidA, "red");

    String left = h.send("A", "422[\"leave\",\"red\"]");

    assertThat(left).isEqualTo("432[[\"" + sidA + "\"]]");
    assertThat(members("red")).containsExactly("B");
  }

  @Test
  void aSocketCannotLeaveItsOwnRoom() {
    assertThat(h.send("A", "421[\"leave\",\"" + sidA + "\"]")).isEqualTo("431[[\"" + sidA + "\"]]");
    assertThat(members(sidA)).containsExactly("A");
  }

  @Test
  void toRoomReachesTheOtherMembersOnlyAndExcludesTheSender() {
    joinRoom("A", "red");
    joinRoom("B", "red");

    String reply = h.send("A", "425[\"to-room\",\"red\",{\"text\":\"hi\"}]");

    assertThat(reply).isEqualTo("435[\"sent\"]");
    assertThat(h.gateway.recipients()).containsExactly("B");
    assertThat(h.posted("B")).containsExactly("42[\"room-message\",{\"text\":\"hi\"}]");
  }

  @Test
  void sendersOwnFramesGoIntoTheRouteResponseAndOthersArePosted() {
    String reply = h.send("A", "423[\"to-all\",\"news\"]");

    assertThat(h.posted("A")).containsExactly("42[\"all-message\",\"news\"]");
    assertThat(reply).isEqualTo("433[\"sent\"]");
    assertThat(h.posted("B")).containsExactly("42[\"all-message\",\"news\"]");
    assertThat(h.posted("C")).containsExactly("42[\"all-message\",\"news\"]");
  }

  @Test
  void exceptLeavesOutTheMembersOfTheExceptedRooms() {
    joinRoom("A", "red");
    joinRoom("B", "red");
    joinRoom("C", "red");
    joinRoom("B", "muted");

    String reply = h.send("A", "427[\"to-room-except\",\"red\",\"muted\",1]");

    assertThat(reply).isEqualTo("437[\"sent\"]");
    assertThat(h.posted("A")).containsExactly("42[\"room-message\",1]"); // io.to(): the sender is included
    assertThat(h.posted("C")).containsExactly("42[\"room-message\",1]");
    assertThat(h.posted("B")).isEmpty();
  }

  @Test
  void socketExceptExcludesTheSenderAndTheExceptedRooms() {
    h = new EngineHarness(io -> io.on("shout", (socket, args, ack) -> socket.except("quiet").emit("shout", 1))
        .on("quiet", (socket, args, ack) -> socket.join("quiet")), CONFORMANCE);
    h.connect("A");
    h.connect("B");
    h.connect("C");
    h.send("C", "42[\"quiet\"]");
    h.gateway.clear();

    assertThat(h.send("A", "42[\"shout\"]")).isEqualTo(Engine.NOOP);

    assertThat(h.gateway.recipients()).containsExactly("B");
  }

  @Test
  void broadcastFromOutsideAnInvocationPostsToEveryTarget() {
    joinRoom("B", "red");
    joinRoom("C", "red");
    h.gateway.clear();

    h.io.to("red").emit("alert", 3);
    h.io.of("/").to(sidA).emit("private", "psst");

    assertThat(h.posted("B")).containsExactly("42[\"alert\",3]");
    assertThat(h.posted("C")).containsExactly("42[\"alert\",3]");
    assertThat(h.posted("A")).containsExactly("42[\"private\",\"psst\"]");
  }

  @Test
  void goneConnectionDuringABroadcastIsRemovedWithAllItsRows() {
    joinRoom("B", "red");
    joinRoom("C", "red");
    h.gateway.gone("C");

    assertThat(h.send("A", "421[\"to-room\",\"red\",\"x\"]")).isEqualTo("431[\"sent\"]");

    assertThat(h.posted("B")).containsExactly("42[\"room-message\",\"x\"]");
    assertThat(h.memory.getConnection("C")).isEmpty();
    assertThat(h.memory.socketsOf("C")).isEmpty();
    assertThat(members("red")).containsExactly("B");
    assertThat(members("")).containsExactly("A", "B");
    assertThat(disconnects).containsExactly("C:transport close");
  }

  @Test
  void goneConnectionOfASingleRecipientIsRemovedToo() {
    joinRoom("C", "red");
    h.gateway.gone("C");

    h.send("A", "421[\"to-room\",\"red\",\"x\"]");

    assertThat(h.memory.getConnection("C")).isEmpty();
    assertThat(members("")).containsExactly("A", "B");
  }

  @Test
  void serverErrorsAreRetriedUntilTheFrameIsDelivered() {
    h.gateway.failNext("B", 2, 500);

    h.io.emit("hello");

    assertThat(h.errors).isEmpty();
    assertThat(h.posted("B")).containsExactly("42[\"hello\"]");
  }

  @Test
  void failedDeliveryIsReportedAndTheConnectionKept() {
    h.gateway.failNext("B", 5, 500); // as many failures as attempts

    h.io.emit("hello");

    assertThat(h.errors).singleElement().asString().startsWith("broadcast: ").contains("post to B failed with 500");
    assertThat(h.memory.getConnection("B")).isPresent();
    assertThat(h.posted("A")).containsExactly("42[\"hello\"]");
  }

  @Test
  void volatileEmitUsesSingleAttemptsAndReportsNothing() {
    h.gateway.failNext("B", 1, 429);

    h.io.of("/").except("nothing").volatileEmit().emit("tick", 1);

    assertThat(h.errors).isEmpty();
    assertThat(h.posted("B")).isEmpty();
    assertThat(h.gateway.attempts()).as("one attempt per recipient").isEqualTo(3);
    assertThat(h.gateway.sent()).hasSize(2);
  }

  @Test
  void fetchSocketsReturnsTheTargetedSocketsWithTheirData() {
    joinRoom("A", "red");
    joinRoom("C", "red");
    h.send("C", "421[\"remember\",\"c-data\"]");

    List<Socket> sockets = h.io.of("/").in("red").fetchSockets();

    assertThat(sockets).extracting(Socket::id).containsExactlyInAnyOrder(sidA, sidC);
    Socket c = sockets.stream().filter(s -> s.id().equals(sidC)).findFirst().orElseThrow();
    assertThat(c.data().path("remembered").asText()).isEqualTo("c-data");
    assertThat(c.connectionId()).isEqualTo("C");
    assertThat(c.handshake().query("room")).isEqualTo("a");
    assertThat(h.io.of("/").fetchSockets()).hasSize(3);
    assertThat(h.io.of("/").except("red").fetchSockets()).extracting(Socket::id).containsExactly(sidB);
  }

  @Test
  void whoListsTheSocketsOfARoomThroughAnEvent() {
    joinRoom("B", "red");

    assertThat(h.send("A", "421[\"who\",\"red\"]")).isEqualTo("431[[\"" + sidB + "\"]]");
  }

  @Test
  void socketsJoinAndSocketsLeaveMoveEveryTargetedSocket() {
    joinRoom("A", "red");
    joinRoom("B", "red");

    h.io.of("/").in("red").socketsJoin("blue", "green");

    assertThat(members("blue")).containsExactly("A", "B");
    assertThat(members("green")).containsExactly("A", "B");
    assertThat(h.memory.getSocket("B", "/").orElseThrow().rooms())
        .containsExactlyInAnyOrder(sidB, "red", "blue", "green");

    h.io.of("/").in("blue").socketsLeave("red", "green");

    assertThat(members("red")).isEmpty();
    assertThat(members("green")).isEmpty();
    assertThat(members("blue")).containsExactly("A", "B");
    assertThat(h.memory.getSocket("A", "/").orElseThrow().rooms()).containsExactlyInAnyOrder(sidA, "blue");
  }

  @Test
  void disconnectSocketsTellsTheClientsAndKeepsTheirConnections() {
    joinRoom("B", "red");
    joinRoom("C", "red");

    h.io.of("/").in("red").disconnectSockets(false);

    assertThat(h.posted("B")).containsExactly("41");
    assertThat(h.posted("C")).containsExactly("41");
    assertThat(h.memory.socketsOf("B")).isEmpty();
    assertThat(h.memory.getConnection("B")).isPresent();
    assertThat(members("")).containsExactly("A");
    assertThat(disconnects).containsExactlyInAnyOrder("B:server namespace disconnect",
        "C:server namespace disconnect");
    assertThat(h.gateway.deleted()).isEmpty();
  }

  @Test
  void disconnectSocketsOfAGoneConnectionRunsItsListenerOnce() {
    joinRoom("B", "red");
    h.gateway.gone("B");

    h.io.of("/").in("red").disconnectSockets(false);

    assertThat(disconnects).hasSize(1).first().asString().startsWith("B:");
    assertThat(h.memory.getConnection("B")).isEmpty();
    assertThat(members("")).containsExactly("A", "C");
  }

  @Test
  void disconnectSocketsWithCloseEndsTheConnections() {
    joinRoom("B", "red");

    h.io.of("/").in("red").disconnectSockets(true);

    assertThat(h.posted("B")).containsExactly("1");
    assertThat(h.gateway.deleted()).containsExactly("B");
    assertThat(h.memory.getConnection("B")).isEmpty();
    assertThat(h.memory.socketsOf("B")).isEmpty();
    assertThat(disconnects).containsExactly("B:server namespace disconnect");
  }

  @Test
  void kickFromAnEventAcksFirstThenDisconnectsTheRoom() {
    joinRoom("A", "red");
    joinRoom("B", "red");

    String reply = h.send("A", "429[\"kick\",\"red\"]");

    assertThat(h.posted("A")).containsExactly("439[\"kicking\"]");
    assertThat(reply).isEqualTo("41");
    assertThat(h.posted("B")).containsExactly("41");
    assertThat(h.memory.socketsOf("A")).isEmpty();
    assertThat(h.memory.socketsOf("B")).isEmpty();
    assertThat(h.memory.getConnection("A")).isPresent();
  }

  @Test
  void disconnectWithCloseFromTheSocketsOwnInvocationFlushesThenCloses() {
    h = new EngineHarness(io -> io.on("quit", (socket, args, ack) -> {
      socket.emit("goodbye");
      socket.disconnect(true);
    }), CONFORMANCE);
    h.connect("A");

    assertThat(h.send("A", "42[\"quit\"]")).isEqualTo(Engine.NOOP);

    assertThat(h.posted("A")).containsExactly("42[\"goodbye\"]", "1");
    assertThat(h.gateway.deleted()).containsExactly("A");
    assertThat(h.memory.rowCount()).isZero();
  }

  @Test
  void broadcastInADynamicNamespaceStaysInThatNamespace() {
    h.send("A", "40/dyn-1,");
    h.send("B", "40/dyn-2,");
    h.gateway.clear();

    h.io.of("/dyn-1").emit("only-one");

    assertThat(h.gateway.recipients()).containsExactly("A");
    assertThat(h.posted("A")).containsExactly("42/dyn-1,[\"only-one\"]");
  }

  @Test
  void roomsJoinedOnConnectionOrInAMiddlewareAreKept() {
    h = new EngineHarness(io -> io.storedHandshake(StoredHandshake.defaults().withQueryUntilConnect("room"))
        .use(socket -> socket.join("from-middleware"))
        .onConnection(socket -> socket.join(socket.handshake().query("room"))), CONFORMANCE);
    String sid = h.connect("A");
    h.connect("B");
    h.gateway.clear();

    assertThat(h.memory.getSocket("A", "/").orElseThrow().rooms())
        .containsExactlyInAnyOrder(sid, "a", "from-middleware");
    h.io.to("a").emit("to-a");
    h.io.to("from-middleware").emit("to-mw");

    assertThat(h.posted("A")).containsExactly("42[\"to-a\"]", "42[\"to-mw\"]");
    assertThat(h.posted("B")).containsExactly("42[\"to-a\"]", "42[\"to-mw\"]");
  }

  @Test
  void ackReplyHandlerCanBroadcast() {
    h = new EngineHarness(io -> {
      AckHandle relay = io.of("/").onAckReply("relay",
          (socket, reply) -> socket.broadcast().emit("relayed", reply.args().get(0)));
      io.on("go", (socket, args, ack) -> socket.emitWithAck(AckRequest.event("q").onReply(relay)));
    }, CONFORMANCE);
    h.connect("A");
    h.connect("B");
    long id = EngineHarness.ackIdOf(h.send("A", "42[\"go\"]"));
    h.gateway.clear();

    assertThat(h.send("A", "43" + id + "[\"v\"]")).isEqualTo(Engine.NOOP);

    assertThat(h.gateway.recipients()).containsExactly("B");
    assertThat(h.posted("B")).containsExactly("42[\"relayed\",\"v\"]");
  }

  @Test
  void manyRecipientsAreAllReached() {
    for (int i = 0; i < 40; i++) {
      h.connect("M" + i);
    }
    h.gateway.clear();

    h.io.emit("all");

    assertThat(h.gateway.recipients()).hasSize(43);
    assertThat(h.gateway.sent().stream().map(RecordingGateway.Sent::frame).collect(Collectors.toSet()))
        .containsExactly("42[\"all\"]");
  }

}
