package dev.socketiolambda.functions.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.server.ConnectRequest;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.protocol.engineio.OpenPacket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollingServerTest {
  private static final String ENDPOINT = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev";
  private static final EngineConfig CONFIG = new EngineConfig(60_000, 30_000, 1_000, 10_000, 30_000, true, 4, 3,
      2_000);

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final InMemoryPollingQueue queue = new InMemoryPollingQueue();
  private final RecordingGateway gateway = new RecordingGateway();
  private final PollingLayer layer = new PollingLayer(queue, store);
  private final SocketIoServer io = new SocketIoServer();
  private final Engine engine;
  private final PollingServer server;

  PollingServerTest() {
    new ConformanceApp().configure(io);
    engine = new Engine(io, store, gateway.provider(), CONFIG, System::currentTimeMillis, null, null, layer);
    server = new PollingServer(engine, store, queue,
        new PollingSettings(300, 20, Set.of("https://app.example.com")), System::currentTimeMillis);
  }

  private PollingResponse get(String query) {
    return server.handle(request("GET", query, "", Map.of()));
  }

  private PollingResponse post(String sid, String body) {
    return server.handle(request("POST", "EIO=4&transport=polling&sid=" + sid, body, Map.of()));
  }

  private PollingResponse poll(String sid) {
    return get("EIO=4&transport=polling&sid=" + sid);
  }

  private static PollingRequest request(String method, String query, String body, Map<String, String> headers) {
    Map<String, List<String>> q = new HashMap<>();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        q.put(kv[0], List.of(kv.length > 1 ? kv[1] : ""));
      }
    }
    return new PollingRequest(method, q, headers, body, body.getBytes(StandardCharsets.UTF_8).length, "203.0.113.7",
        System.currentTimeMillis());
  }

  private String handshake() {
    PollingResponse r = get("EIO=4&transport=polling");
    assertThat(r.status()).isEqualTo(200);
    OpenPacket open = OpenPacket.parse(r.body().substring(1));
    assertThat(open.upgrades()).containsExactly("websocket");
    return open.sid();
  }

  /** Handshake, CONNECT to "/", and the CONNECT reply plus the "auth" event taken. */
  private String connected() {
    String sid = handshake();
    assertThat(post(sid, "40").body()).isEqualTo("ok");
    String answer = poll(sid).body();
    assertThat(answer).startsWith("40{\"sid\":").contains("\u001e42[\"auth\",{}]");
    return sid;
  }

  @Test
  void handshakeAnswersTheOpenPacketWithTheWebSocketUpgrade() {
    PollingResponse r = get("EIO=4&transport=polling");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsEntry("content-type", "text/plain; charset=UTF-8");
    OpenPacket open = OpenPacket.parse(r.body().substring(1));
    assertThat(open.pingInterval()).isEqualTo(60_000);
    assertThat(open.maxPayload()).isEqualTo(1_000);
    assertThat(store.getConnection(PollingIds.connectionId(open.sid()))).get()
        .satisfies(c -> assertThat(c.eioSid()).isEqualTo(open.sid()));
  }

  @Test
  void refusesBadHandshakesAsTheReferenceServerDoes() {
    assertThat(get("transport=polling").body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
    assertThat(get("EIO=abc&transport=polling").status()).isEqualTo(400);
    assertThat(get("EIO=4").body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
    assertThat(get("EIO=4&transport=abc").status()).isEqualTo(400);
    assertThat(server.handle(request("POST", "EIO=4&transport=polling", "", Map.of())).body())
        .isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
    assertThat(server.handle(request("PUT", "EIO=4&transport=polling", "", Map.of())).status()).isEqualTo(400);
    assertThat(poll("nope").body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    assertThat(post("nope", "40").status()).isEqualTo(400);
  }

  @Test
  void postedPacketsAreHandledAndRepliesWaitForTheNextGet() {
    String sid = connected();
    assertThat(post(sid, "42[\"message\",1]\u001e421[\"message-with-ack\",\"a\"]").body()).isEqualTo("ok");
    assertThat(poll(sid).body()).isEqualTo("42[\"message-back\",1]\u001e431[\"a\"]");
  }

  @Test
  void binaryAttachmentsTravelAsBase64Records() {
    String sid = connected();
    post(sid, "451-[\"message\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");
    assertThat(poll(sid).body()).isEqualTo("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");
  }

  @Test
  void aWaitingGetAnswersAsSoonAsAFrameIsQueued() throws Exception {
    String sid = connected();
    CompletableFuture<PollingResponse> waiting = CompletableFuture.supplyAsync(() -> poll(sid));
    Thread.sleep(50);
    post(sid, "42[\"message\",\"late\"]");
    assertThat(waiting.get(5, TimeUnit.SECONDS).body()).isEqualTo("42[\"message-back\",\"late\"]");
  }

  @Test
  void aGetWithNothingToSayAnswersANoopAfterTheHold() {
    String sid = connected();
    PollingResponse r = poll(sid);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("6");
  }

  @Test
  void aSecondConcurrentGetClosesTheSession() throws Exception {
    String sid = connected();
    PollingServer holding = new PollingServer(engine, store, queue, new PollingSettings(5_000, 20, Set.of()),
        System::currentTimeMillis);
    CompletableFuture<PollingResponse> first = CompletableFuture.supplyAsync(() ->
        holding.handle(request("GET", "EIO=4&transport=polling&sid=" + sid, "", Map.of())));
    Thread.sleep(100);
    assertThat(poll(sid).status()).isEqualTo(400);
    assertThat(first.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");
    assertThat(poll(sid).status()).isEqualTo(400);
    assertThat(store.getConnection(PollingIds.connectionId(sid))).isEmpty();
  }

  @Test
  void aClosePacketAnswersThePendingGetWithANoopThenTheSessionIsGone() throws Exception {
    String sid = handshake();
    PollingServer holding = new PollingServer(engine, store, queue, new PollingSettings(5_000, 20, Set.of()),
        System::currentTimeMillis);
    CompletableFuture<PollingResponse> pending = CompletableFuture.supplyAsync(() ->
        holding.handle(request("GET", "EIO=4&transport=polling&sid=" + sid, "", Map.of())));
    Thread.sleep(50);
    assertThat(post(sid, "1").status()).isEqualTo(200);
    assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");
    assertThat(poll(sid).status()).isEqualTo(400);
  }

  @Test
  void aPayloadOverMaxPayloadIsRefusedAndClosesTheSession() {
    String sid = connected();
    PollingResponse r = post(sid, "42[\"message\",\"" + "x".repeat(1_000) + "\"]");
    assertThat(r.status()).isEqualTo(413);
    assertThat(store.getConnection(PollingIds.connectionId(sid))).isEmpty();
  }

  @Test
  void corsWithCredentialsForAllowedOriginsOnly() {
    PollingResponse preflight = server.handle(request("OPTIONS", "EIO=4&transport=polling", "",
        Map.of("origin", "https://app.example.com", "access-control-request-method", "POST",
            "access-control-request-headers", "content-type")));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers()).containsEntry("access-control-allow-origin", "https://app.example.com")
        .containsEntry("access-control-allow-credentials", "true")
        .containsEntry("access-control-allow-methods", "GET,POST")
        .containsEntry("access-control-allow-headers", "content-type");
    PollingResponse other = server.handle(request("GET", "EIO=4&transport=polling", "",
        Map.of("origin", "https://evil.example.com")));
    assertThat(other.headers()).doesNotContainKey("access-control-allow-origin");
  }

  @Test
  void theUpgradeMovesTheSessionToTheWebSocketWithItsRoomsAndQueuedFrames() throws Exception {
    String sid = connected();
    String pollingId = PollingIds.connectionId(sid);
    String socketSid = store.getSocket(pollingId, "/").orElseThrow().sid();
    // the client's GET waits while it opens the WebSocket
    PollingServer holding = new PollingServer(engine, store, queue, new PollingSettings(5_000, 20, Set.of()),
        System::currentTimeMillis);
    CompletableFuture<PollingResponse> pending = CompletableFuture.supplyAsync(() ->
        holding.handle(request("GET", "EIO=4&transport=polling&sid=" + sid, "", Map.of())));
    Thread.sleep(50);
    engine.onConnect(new ConnectRequest("ws-1", ENDPOINT, "203.0.113.7", Map.of(),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of(sid)),
        System.currentTimeMillis()));
    assertThat(engine.onOpen("ws-1")).isTrue();
    assertThat(gateway.takeFrames("ws-1")).as("no open packet on the upgrade's WebSocket").isEmpty();
    assertThat(engine.onMessage("ws-1", "2probe")).isEqualTo("3probe");
    assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");
    // a frame queued between the last GET and the upgrade is delivered on the WebSocket
    post(sid, "42[\"message\",\"in-between\"]");
    assertThat(engine.onMessage("ws-1", "5")).isEqualTo("6");
    assertThat(gateway.takeFrames("ws-1")).containsExactly("42[\"message-back\",\"in-between\"]");
    assertThat(store.getSocket("ws-1", "/")).get().satisfies(s -> {
      assertThat(s.sid()).isEqualTo(socketSid);
      assertThat(s.rooms()).contains(socketSid);
    });
    assertThat(store.getConnection("ws-1").orElseThrow().eioSid()).isEqualTo(sid);
    assertThat(store.getConnection(pollingId)).isEmpty();
    assertThat(engine.onMessage("ws-1", "42[\"message\",2]")).isEqualTo("42[\"message-back\",2]");
    assertThat(poll(sid).status()).isEqualTo(400);
    assertClosedAtOpen("ws-2", sid);
  }

  /** A WebSocket opened with this sid is accepted, then closed at its open step (as the reference server does). */
  private void assertClosedAtOpen(String connectionId, String sid) {
    engine.onConnect(new ConnectRequest(connectionId, ENDPOINT, "203.0.113.7", Map.of(),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of(sid)), 0L));
    engine.onOpen(connectionId);
    assertThat(gateway.wasDeleted(connectionId)).as("%s closed", connectionId).isTrue();
    assertThat(gateway.takeFrames(connectionId)).isEmpty();
    assertThat(store.getConnection(connectionId)).isEmpty();
  }

  @Test
  void framesForAnUpgradedSessionFollowItToTheWebSocket() {
    queue.create("s1", 0);
    queue.markUpgraded("s1", "ws-9");
    var transport = layer.route(new dev.socketiolambda.functions.delivery.GatewayTransport(id -> gateway, null));
    transport.send(PollingIds.connectionId("s1"), "42[\"late\"]").join();
    assertThat(gateway.takeFrames("ws-9")).containsExactly("42[\"late\"]");
  }

  @Test
  void aGetAnswersThePingWhenItIsDueAndAClientThatNeverPongsIsGone() throws Exception {
    Engine fast = new Engine(new SocketIoServer(), store, gateway.provider(),
        new EngineConfig(200, 100, 1_000, 10_000, 30_000, true, 4, 3, 2_000), System::currentTimeMillis, null, null,
        layer);
    PollingServer s = new PollingServer(fast, store, queue, new PollingSettings(5_000, 20, Set.of()),
        System::currentTimeMillis);
    PollingResponse open = s.handle(request("GET", "EIO=4&transport=polling", "", Map.of()));
    String sid = OpenPacket.parse(open.body().substring(1)).sid();
    PollingResponse ping = s.handle(request("GET", "EIO=4&transport=polling&sid=" + sid, "", Map.of()));
    assertThat(ping.body()).isEqualTo("2");
    assertThat(store.getConnection(PollingIds.connectionId(sid)).orElseThrow().lastPingAt()).isPositive();
    Thread.sleep(350); // no pong within pingInterval + pingTimeout
    assertThat(s.handle(request("GET", "EIO=4&transport=polling&sid=" + sid, "", Map.of())).status()).isEqualTo(400);
    assertThat(store.getConnection(PollingIds.connectionId(sid))).isEmpty();
  }

  @Test
  void onlyOneWebSocketMayOpenToUpgradeASession() {
    String sid = handshake();
    engine.onConnect(new ConnectRequest("ws-1", ENDPOINT, "203.0.113.7", Map.of(),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of(sid)), 0L));
    engine.onOpen("ws-1");
    assertThat(gateway.wasDeleted("ws-1")).isFalse();
    assertClosedAtOpen("ws-2", sid);
    assertClosedAtOpen("ws-3", "unknown");
  }

  @Test
  void aGetThatStartsAfterTheProbeWaitsForTheUpgradeAndIsRefused() throws Exception {
    String sid = connected();
    engine.onConnect(new ConnectRequest("ws-1", ENDPOINT, "203.0.113.7", Map.of(),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of(sid)), 0L));
    engine.onMessage("ws-1", "2probe");
    PollingServer holding = new PollingServer(engine, store, queue, new PollingSettings(5_000, 20, Set.of()),
        System::currentTimeMillis);
    CompletableFuture<PollingResponse> late = CompletableFuture.supplyAsync(() ->
        holding.handle(request("GET", "EIO=4&transport=polling&sid=" + sid, "", Map.of())));
    Thread.sleep(50);
    engine.onMessage("ws-1", "5");
    assertThat(late.get(5, TimeUnit.SECONDS).status()).isEqualTo(400);
  }

  @Test
  void aGetThatStartsBeforeTheProbeIsRefusedWhenTheUpgradePacketFollowsWithoutWaitingForIt() throws Exception {
    String sid = connected();
    CompletableFuture<PollingResponse> get = getWhileAWebSocketOpensToUpgrade(sid);

    engine.onMessage("ws-1", "2probe");
    engine.onMessage("ws-1", "5"); // as the protocol suite sends them, before the GET is answered

    assertThat(get.get(5, TimeUnit.SECONDS).status()).isEqualTo(400);
    assertThat(store.getConnection("ws-1").orElseThrow().eioSid()).isEqualTo(sid);
  }

  @Test
  void aGetThatStartsBeforeTheProbeGetsTheProbesNoopWhenTheClientWaitsForIt() throws Exception {
    String sid = connected();
    CompletableFuture<PollingResponse> get = getWhileAWebSocketOpensToUpgrade(sid);

    engine.onMessage("ws-1", "2probe");

    assertThat(get.get(5, TimeUnit.SECONDS).body()).isEqualTo("6"); // socket.io-client sends 5 after this answer
    assertThat(engine.onMessage("ws-1", "5")).isEqualTo("6");
    assertThat(store.getConnection("ws-1").orElseThrow().eioSid()).isEqualTo(sid);
  }

  /** A WebSocket opens to upgrade the session, then a GET starts (before the probe) and waits. */
  private CompletableFuture<PollingResponse> getWhileAWebSocketOpensToUpgrade(String sid) throws Exception {
    engine.onConnect(new ConnectRequest("ws-1", ENDPOINT, "203.0.113.7", Map.of(),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of(sid)), 0L));
    assertThat(engine.onOpen("ws-1")).isTrue();
    PollingServer holding = new PollingServer(engine, store, queue, new PollingSettings(5_000, 20, Set.of()),
        System::currentTimeMillis);
    CompletableFuture<PollingResponse> get = CompletableFuture.supplyAsync(() ->
        holding.handle(request("GET", "EIO=4&transport=polling&sid=" + sid, "", Map.of())));
    for (int i = 0; i < 1_000 && queue.session(sid).orElseThrow().getUntil() == 0; i++) {
      Thread.sleep(5); // until the GET waits
    }
    assertThat(queue.session(sid).orElseThrow().getUntil()).as("the GET waits").isPositive();
    return get;
  }
}
