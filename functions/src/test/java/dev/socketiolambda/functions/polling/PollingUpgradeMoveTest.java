package dev.socketiolambda.functions.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.server.AckHandle;
import dev.socketiolambda.functions.server.AckRequest;
import dev.socketiolambda.functions.server.ConnectRequest;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.PendingAck;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.protocol.engineio.OpenPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What moves when a polling session upgrades (DemoApp, in-memory stores): server-to-client acks
 * still waiting, sockets that broadcasts racing the move reach once, frames of the WebSocket handled
 * before its {@code 5} (API Gateway may run them first) and acks registered after the move.
 */
class PollingUpgradeMoveTest {
  private static final String ENDPOINT = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev";
  private static final EngineConfig CONFIG = new EngineConfig(60_000, 30_000, 1_000, 10_000, 30_000, true, 4, 3,
      2_000);
  private static final Pattern QUESTION = Pattern.compile("42(\\d+)\\[\"question\",\"([a-z]+)\"]");

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final InMemoryPollingQueue queue = new InMemoryPollingQueue();
  private final RecordingGateway gateway = new RecordingGateway();
  private final PollingLayer layer = new PollingLayer(queue, store);
  private final SocketIoServer io = new SocketIoServer();
  private final Engine engine;
  private final PollingServer server;
  private final PollingServer holding;

  PollingUpgradeMoveTest() {
    new DemoApp().configure(io);
    engine = new Engine(io, store, gateway.provider(), CONFIG, System::currentTimeMillis, null, null, layer);
    server = new PollingServer(engine, store, queue, new PollingSettings(300, 20, Set.of()), System::currentTimeMillis);
    holding = new PollingServer(engine, store, queue, new PollingSettings(5_000, 20, Set.of()),
        System::currentTimeMillis);
  }

  private static PollingRequest request(String method, String sid, String body) {
    Map<String, List<String>> q = new HashMap<>(Map.of("EIO", List.of("4"), "transport", List.of("polling")));
    if (sid != null) {
      q.put("sid", List.of(sid));
    }
    return new PollingRequest(method, q, Map.of(), body, body.getBytes(StandardCharsets.UTF_8).length, "203.0.113.7",
        System.currentTimeMillis());
  }

  private String body(PollingServer s, String method, String sid, String body) {
    PollingResponse r = s.handle(request(method, sid, body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private String connectedOverPolling() {
    String sid = OpenPacket.parse(body(server, "GET", null, "").substring(1)).sid();
    body(server, "POST", sid, "40");
    assertThat(body(server, "GET", sid, "")).startsWith("40{\"sid\":");
    return sid;
  }

  private void connectedOverWebSocket(String connectionId, Map<String, List<String>> query) {
    engine.onConnect(new ConnectRequest(connectionId, ENDPOINT, "203.0.113.7", Map.of(), query,
        System.currentTimeMillis()));
    assertThat(engine.onOpen(connectionId)).isTrue();
  }

  /** The question ids the server asked in a polling answer, by question. */
  private static Map<String, Long> questions(String answer) {
    Map<String, Long> ids = new HashMap<>();
    Matcher m = QUESTION.matcher(answer);
    while (m.find()) {
      ids.put(m.group(2), Long.parseLong(m.group(1)));
    }
    return ids;
  }

  @Test
  void anAckTheServerWaitsForWhenTheSessionUpgradesIsAnsweredOverTheWebSocket() throws Exception {
    String sid = connectedOverPolling();
    String pollingId = PollingIds.connectionId(sid);
    // two questions asked over polling; both acks are pending on the polling connection
    body(server, "POST", sid, "42[\"ask\",\"one\"]\u001e42[\"ask\",\"two\"]");
    Map<String, Long> asked = questions(body(server, "GET", sid, ""));
    assertThat(asked).containsOnlyKeys("one", "two");
    assertThat(store.acksOf(pollingId)).hasSize(2);

    // the upgrade: WebSocket opened with the sid, probe (the held GET answers a noop), then 5
    CompletableFuture<PollingResponse> pending = CompletableFuture.supplyAsync(() ->
        holding.handle(request("GET", sid, "")));
    Thread.sleep(50);
    connectedOverWebSocket("ws-1", Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of(sid)));
    assertThat(engine.onMessage("ws-1", "2probe")).isEqualTo("3probe");
    assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");
    engine.onMessage("ws-1", "5");

    assertThat(store.acksOf("ws-1")).extracting(PendingAck::ackId)
        .containsExactlyInAnyOrderElementsOf(asked.values());
    assertThat(store.acksOf(pollingId)).isEmpty();
    // the client answers over the WebSocket: the app's reply handler runs, once per question
    List<String> frames = new ArrayList<>();
    for (String q : List.of("two", "one")) {
      String routeResponse = engine.onMessage("ws-1", "43" + asked.get(q) + "[\"answer to " + q + "\"]");
      if (routeResponse != null) {
        frames.add(routeResponse);
      }
      frames.addAll(gateway.takeFrames("ws-1"));
    }
    assertThat(String.join("\n", frames))
        .contains("\"timedOut\":false,\"args\":[\"answer to two\"]")
        .contains("\"timedOut\":false,\"args\":[\"answer to one\"]");
    assertThat(store.acksOf("ws-1")).isEmpty();
    // an answer repeated is not handled twice
    engine.onMessage("ws-1", "43" + asked.get("one") + "[\"again\"]");
    assertThat(gateway.takeFrames("ws-1")).noneMatch(f -> f.contains("again"));
  }

  @Test
  void aSessionThatUpgradedIsStillConnectedUnderItsPollingIdWhileItsWebSocketIs() {
    SocketIoServer io = new SocketIoServer();
    new DemoApp().configure(io);
    Engine engine = new Engine(io, store, gateway.provider(), CONFIG, System::currentTimeMillis, null, null, layer);
    PollingServer server = new PollingServer(engine, store, queue, new PollingSettings(300, 20, Set.of()),
        System::currentTimeMillis);
    String sid = OpenPacket.parse(body(server, "GET", null, "").substring(1)).sid();
    String pollingId = PollingIds.connectionId(sid);
    assertThat(io.connected(List.of(pollingId))).containsExactly(pollingId);

    engine.onConnect(new ConnectRequest("ws-1", ENDPOINT, "203.0.113.7", Map.of(),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of(sid)), System.currentTimeMillis()));
    engine.onOpen("ws-1");
    engine.onMessage("ws-1", "2probe");
    engine.onMessage("ws-1", "5");
    assertThat(store.getConnection(pollingId)).isEmpty();

    // an app that noted the polling id (presence, say) still finds it here, then gone with the WebSocket
    assertThat(io.connected(List.of(pollingId, "ws-1", "nobody"))).containsExactlyInAnyOrder(pollingId, "ws-1");
    engine.onDisconnect("ws-1");
    assertThat(io.connected(List.of(pollingId, "ws-1"))).isEmpty();
  }

  @Test
  void aBroadcastThatSeesASocketUnderBothIdsWhileItMovesReachesItOnce() {
    String sid = connectedOverPolling();
    String pollingId = PollingIds.connectionId(sid);
    body(server, "POST", sid, "42[\"join\",\"r1\"]");
    connectedOverWebSocket("ws-9", Map.of("EIO", List.of("4"), "transport", List.of("websocket")));
    engine.onMessage("ws-9", "40");
    gateway.takeFrames("ws-9");
    // the move half done: the session marked upgraded, its socket written under the WebSocket id
    // (rooms included) and not yet removed under the polling id
    connectedOverWebSocket("ws-1", Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "sid", List.of(sid)));
    assertThat(queue.markUpgraded(sid, "ws-1")).isTrue();
    SocketRecord s = store.getSocket(pollingId, "/").orElseThrow();
    store.putSocket(new SocketRecord("ws-1", s.namespace(), s.sid(), s.authJson(), s.dataJson(), s.rooms(),
        s.connectedAt()));
    assertThat(store.members("/", "r1")).extracting(Member::connectionId).containsExactlyInAnyOrder(pollingId, "ws-1");

    engine.onMessage("ws-9", "42[\"to-room\",\"r1\",{\"n\":1}]");
    engine.onMessage("ws-9", "42[\"to-all\",{\"n\":2}]");
    engine.onMessage("ws-9", "42[\"to-room-except\",\"r1\",\"" + s.sid() + "\",{\"n\":3}]");
    assertThat(gateway.takeFrames("ws-1")).containsExactly("42[\"room-message\",{\"n\":1}]",
        "42[\"all-message\",{\"n\":2}]");
  }

  /** The replies and events of an invocation on a WebSocket connection: its route response and what it posted. */
  private List<String> framesOf(String connectionId, String frame) {
    List<String> frames = new ArrayList<>();
    String routeResponse = engine.onMessage(connectionId, frame);
    if (routeResponse != null && !routeResponse.equals(Engine.NOOP)) {
      frames.add(routeResponse);
    }
    frames.addAll(gateway.takeFrames(connectionId));
    return frames;
  }

  private void probedOverWebSocket(String sid, String connectionId) {
    connectedOverWebSocket(connectionId, Map.of("EIO", List.of("4"), "transport", List.of("websocket"),
        "sid", List.of(sid)));
    assertThat(engine.onMessage(connectionId, "2probe")).isEqualTo("3probe");
  }

  @Test
  void anAckReplyAndAnEventHandledBeforeTheFiveTheClientSentFirstMoveTheSessionAndAreHandledOnce() {
    String sid = connectedOverPolling();
    String pollingId = PollingIds.connectionId(sid);
    body(server, "POST", sid, "42[\"ask\",\"one\"]");
    long id = questions(body(server, "GET", sid, "")).get("one");
    probedOverWebSocket(sid, "ws-1");

    // API Gateway runs the frames the client sent after 5 before the one that carries 5
    assertThat(String.join("\n", framesOf("ws-1", "43" + id + "[\"answer to one\"]")))
        .contains("\"timedOut\":false,\"args\":[\"answer to one\"]");
    assertThat(store.getConnection(pollingId)).isEmpty();
    assertThat(store.acksOf("ws-1")).isEmpty();
    assertThat(framesOf("ws-1", "42[\"message\",1]")).containsExactly("42[\"message-back\",1]");
    assertThat(framesOf("ws-1", "5")).isEmpty();
    assertThat(store.getSocket("ws-1", "/")).isPresent();
    assertThat(framesOf("ws-1", "42[\"message\",2]")).containsExactly("42[\"message-back\",2]");
  }

  @Test
  void anEventThatOvertakesTheMoveAnotherInvocationIsDoingWaitsForIt() throws Exception {
    String sid = connectedOverPolling();
    probedOverWebSocket(sid, "ws-1");
    // the invocation carrying 5 has marked the session upgraded and not moved its socket yet
    assertThat(queue.markUpgraded(sid, "ws-1")).isTrue();
    CompletableFuture<List<String>> event = CompletableFuture.supplyAsync(() -> framesOf("ws-1", "42[\"message\",1]"));
    Thread.sleep(100);
    assertThat(event).isNotDone();
    // the rest of the move, as the invocation carrying 5 does it
    String pollingId = PollingIds.connectionId(sid);
    SocketRecord s = store.getSocket(pollingId, "/").orElseThrow();
    store.putSocket(new SocketRecord("ws-1", s.namespace(), s.sid(), s.authJson(), s.dataJson(), s.rooms(),
        s.connectedAt()));
    store.deleteSocket(s);
    queue.markMoved(sid);
    assertThat(event.get(5, TimeUnit.SECONDS)).containsExactly("42[\"message-back\",1]");
  }

  @Test
  void anAckAskedFromASocketReadBeforeTheMoveIsStoredWhereTheSocketMovedAndAnswered() {
    String sid = connectedOverPolling();
    String pollingId = PollingIds.connectionId(sid);
    List<Socket> readBefore = io.of("/").fetchSockets(); // another invocation read the socket under the polling id
    assertThat(readBefore).hasSize(1);
    probedOverWebSocket(sid, "ws-1");
    engine.onMessage("ws-1", "5");
    assertThat(store.getConnection(pollingId)).isEmpty();

    readBefore.get(0).emitWithAck(AckRequest.event("question", "late").onReply(new AckHandle("/", "answer")));
    assertThat(store.acksOf(pollingId)).isEmpty();
    assertThat(store.acksOf("ws-1")).hasSize(1);
    Map<String, Long> asked = questions(String.join("\n", gateway.takeFrames("ws-1")));
    assertThat(asked).containsOnlyKeys("late");
    assertThat(String.join("\n", framesOf("ws-1", "43" + asked.get("late") + "[\"answer to late\"]")))
        .contains("\"timedOut\":false,\"args\":[\"answer to late\"]");
  }
}
