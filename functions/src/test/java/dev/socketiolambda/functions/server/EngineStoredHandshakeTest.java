package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.SocketRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What of a handshake reaches the store, and what listeners see at and after the CONNECT. */
class EngineStoredHandshakeTest {
  private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl";

  private static void open(EngineHarness h, String connectionId) {
    h.engine.onConnect(new ConnectRequest(connectionId, EngineHarness.ENDPOINT, "203.0.113.7",
        Map.of("authorization", "Bearer " + JWT, "cookie", "session=" + JWT, "user-agent", "node-test",
            "x-client-version", "7"),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "token", List.of(JWT),
            "room", List.of("lobby")), h.clock.now()));
    assertThat(h.engine.onOpen(connectionId)).isTrue();
    h.gateway.takeFrames(connectionId);
  }

  private static String describe(Socket s) {
    Handshake hs = s.handshake();
    return hs.auth().path("token").asText("-") + "|" + hs.auth().path("name").asText("-") + "|"
        + hs.header("authorization") + "|" + hs.header("cookie") + "|" + hs.query("token") + "|" + hs.query("room")
        + "|" + hs.header("x-client-version") + "|" + hs.header("user-agent");
  }

  @Test
  void dollarConnectWritesNoCredentialNorUndeclaredFieldOnlyOrdinaryHeadersAndEngineQuery() {
    EngineHarness h = new EngineHarness(io -> { }, EngineHarness.QUIET);
    open(h, "c1");

    ConnectionRecord c = h.memory.getConnection("c1").orElseThrow();
    assertThat(c.headers()).containsOnlyKeys("user-agent");
    assertThat(c.query()).containsOnlyKeys("EIO", "transport");
    assertThat(c.toString()).doesNotContain(JWT);
  }

  @Test
  void middlewaresSeeOrdinaryFieldsAndTheAuthPayloadLaterEventsOnlyTheDefaults() {
    List<String> seen = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> {
      io.use(socket -> seen.add("middleware " + describe(socket)));
      io.onConnection(socket -> seen.add("connection " + describe(socket)));
      io.on("who", (socket, args, ack) -> seen.add("event " + describe(socket)));
    }, EngineHarness.QUIET);
    open(h, "c1");

    h.send("c1", "40{\"token\":\"" + JWT + "\",\"name\":\"ann\"}");
    h.send("c1", "42[\"who\"]");

    assertThat(seen).containsExactly(
        "middleware " + JWT + "|ann|null|null|null|null|null|node-test",
        "connection " + JWT + "|ann|null|null|null|null|null|node-test",
        "event -|-|null|null|null|null|null|node-test");
    assertNoTokenStored(h, "c1");
  }

  @Test
  void fieldsDeclaredUntilConnectReachMiddlewaresAndAreGoneAfterTheConnect() {
    List<String> seen = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> {
      io.storedHandshake(StoredHandshake.defaults().withHeadersUntilConnect("Authorization", "x-client-version")
          .withQueryUntilConnect("token", "room"));
      io.use(socket -> seen.add("middleware " + describe(socket)));
      io.on("who", (socket, args, ack) -> seen.add("event " + describe(socket)));
    }, EngineHarness.QUIET);
    open(h, "c1");
    assertThat(h.memory.getConnection("c1").orElseThrow().headers()).as("the cookie was not declared")
        .containsOnlyKeys("authorization", "user-agent", "x-client-version");

    h.send("c1", "40{\"name\":\"ann\"}");
    h.send("c1", "42[\"who\"]");

    assertThat(seen).containsExactly(
        "middleware -|ann|Bearer " + JWT + "|null|" + JWT + "|lobby|7|node-test",
        "event -|-|null|null|null|null|null|node-test");
    assertNoTokenStored(h, "c1");
    assertThat(h.memory.getConnection("c1").orElseThrow().query()).containsOnlyKeys("EIO", "transport");
  }

  @Test
  void declaredFieldsAreReadableInLaterEventsAndCredentialsStillAreNot() {
    List<String> seen = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> {
      io.storedHandshake(StoredHandshake.defaults().withAuth("name").withQuery("room").withHeaders("X-Client-Version"));
      io.on("who", (socket, args, ack) -> seen.add(describe(socket)));
    }, EngineHarness.QUIET);
    open(h, "c1");

    h.send("c1", "40{\"token\":\"" + JWT + "\",\"name\":\"ann\"}");
    h.send("c1", "42[\"who\"]");

    assertThat(seen).containsExactly("-|ann|null|null|null|lobby|7|node-test");
    assertNoTokenStored(h, "c1");
  }

  @Test
  void aSecondNamespaceConnectedLaterSeesTheKeptHeadersAndItsOwnAuth() {
    List<String> seen = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> io.of("/admin").use(socket -> seen.add(describe(socket))),
        EngineHarness.QUIET);
    open(h, "c1");

    h.send("c1", "40");
    h.send("c1", "40/admin,{\"token\":\"" + JWT + "\"}");

    assertThat(seen).containsExactly(JWT + "|-|null|null|null|null|null|node-test");
    assertNoTokenStored(h, "c1");
  }

  @Test
  void aRefusedConnectKeepsTheRequestForTheClientsNextTry() {
    List<String> seen = new CopyOnWriteArrayList<>();
    EngineHarness h = new EngineHarness(io -> io.storedHandshake(StoredHandshake.defaults()
        .withHeadersUntilConnect("authorization")).use(socket -> {
      seen.add(String.valueOf(socket.handshake().header("authorization")));
      if (!socket.handshake().auth().has("token")) {
        throw new ConnectError("no token");
      }
    }), EngineHarness.QUIET);
    open(h, "c1");

    h.send("c1", "40");
    h.send("c1", "40{\"token\":\"" + JWT + "\"}");

    assertThat(seen).containsExactly("Bearer " + JWT, "Bearer " + JWT);
    assertNoTokenStored(h, "c1");
  }

  private static void assertNoTokenStored(EngineHarness h, String connectionId) {
    ConnectionRecord c = h.memory.getConnection(connectionId).orElseThrow();
    assertThat(c.headers()).doesNotContainKeys("authorization", "cookie");
    assertThat(c.headers().values()).noneMatch(v -> v.contains(JWT));
    assertThat(c.query()).doesNotContainKey("token");
    for (SocketRecord s : h.memory.socketsOf(connectionId)) {
      assertThat(s.authJson()).doesNotContain(JWT);
      assertThat(s.dataJson()).doesNotContain(JWT);
    }
  }
}
