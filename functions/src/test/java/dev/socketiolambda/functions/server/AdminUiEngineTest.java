package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static dev.socketiolambda.functions.server.EngineHarness.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.admin.AdminOptions;
import dev.socketiolambda.functions.admin.AdminUi;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.schedule.Schedule;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.schedule.TickContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin UI's namespace over the engine and the in-memory store (the protocol of @socket.io/admin-ui 0.5). */
class AdminUiEngineTest {
  private static final String CREDENTIALS = "{\"username\":\"admin\",\"password\":\"s3cret\"}";

  private static EngineHarness harness(boolean readonly) {
    return new EngineHarness(io -> {
      new DemoApp().configure(io);
      AdminOptions options = AdminOptions.of(auth -> {
        if (auth == null || !"s3cret".equals(auth.path("password").asText())) {
          throw new ConnectError("invalid credentials");
        }
      });
      AdminUi.instrument(io, readonly ? options.readOnly() : options);
    }, CONFORMANCE);
  }

  /** Connects ADMIN to /admin; returns every frame the CONNECT produced (reply and posted). */
  private static List<String> connectAdmin(EngineHarness h, String auth) {
    h.open("ADMIN");
    List<String> frames = new ArrayList<>();
    frames.add(h.send("ADMIN", "40/admin," + auth));
    frames.addAll(h.posted("ADMIN"));
    return frames;
  }

  /** An emitter over the harness's store, as the runtime builds it (with the server: its taps see it), or without. */
  private static Emitter emitter(EngineHarness h, SocketIoServer io) {
    return new Emitter(new FanOut(h.memory, new GatewayTransport(id -> h.gateway, null), FanOutSettings.DEFAULT, null,
        h.memory::deleteConnection, e -> h.errors.add("emitter: " + e)), h.memory, null, io);
  }

    private static JsonNode event(List<String> frames, String name) {
    for (String f : frames) {
      if (f.startsWith("42/admin,")) {
        JsonNode payload = payloadOf(f);
        if (payload.get(0).asText().equals(name)) {
          return payload;
        }
      }
    }
    throw new AssertionError("no " + name + " in " + frames);
  }

  @Test
  void theUiGetsItsConfigAndEverySocketWithItsRooms() {
    EngineHarness h = harness(false);
    String sidA = h.connect("A");
    assertThat(h.send("A", "421[\"join\",\"red\"]")).startsWith("431");

    List<String> frames = connectAdmin(h, CREDENTIALS);

    assertThat(event(frames, "config").get(1).path("supportedFeatures").toString())
        .contains("DISCONNECT", "JOIN", "LEAVE");
    JsonNode sockets = event(frames, "all_sockets").get(1);
    assertThat(sockets).hasSize(1);
    assertThat(sockets.get(0).path("id").asText()).isEqualTo(sidA);
    assertThat(sockets.get(0).path("nsp").asText()).isEqualTo("/");
    assertThat(sockets.get(0).path("rooms").toString()).contains("red", sidA);
    assertThat(sockets.get(0).path("handshake").path("address").asText()).isEqualTo("203.0.113.7");
    JsonNode stats = event(frames, "server_stats").get(1);
    assertThat(stats.path("clientsCount").asInt()).isEqualTo(1);
    assertThat(stats.path("namespaces").get(0).path("socketsCount").asInt()).isEqualTo(1);
  }

  @Test
  void withoutCredentialsTheAdminNamespaceRefusesTheConnection() {
    EngineHarness h = harness(false);
    List<String> frames = connectAdmin(h, "{\"username\":\"admin\",\"password\":\"wrong\"}");

    assertThat(frames.get(0)).startsWith("44/admin,").contains("invalid credentials");
    assertThat(h.memory.getSocket("ADMIN", "/admin")).isEmpty();
  }

  @Test
  void aSocketThatConnectsOrLeavesIsAnnouncedToTheUi() {
    EngineHarness h = harness(false);
    connectAdmin(h, CREDENTIALS);

    String sidB = h.connect("B");
    JsonNode connected = event(h.posted("ADMIN"), "socket_connected");
    assertThat(connected.get(1).path("id").asText()).isEqualTo(sidB);

    h.send("B", "41");
    JsonNode disconnected = event(h.posted("ADMIN"), "socket_disconnected");
    assertThat(disconnected.get(1).asText()).isEqualTo("/");
    assertThat(disconnected.get(2).asText()).isEqualTo(sidB);
  }

  @Test
  void theDisconnectActionDisconnectsTheSocketsOfARoom() {
    EngineHarness h = harness(false);
    h.connect("A");
    h.connect("B");
    h.send("A", "421[\"join\",\"red\"]");
    connectAdmin(h, CREDENTIALS);

    h.engine.onMessage("ADMIN", "42/admin,[\"_disconnect\",\"/\",false,\"red\"]");

    assertThat(h.memory.getSocket("A", "/")).isEmpty();
    assertThat(h.memory.getSocket("B", "/")).isPresent();
  }

  @Test
  void roomChangesAreSentAsTheOfficialServerSendsThem() {
    EngineHarness h = harness(false);
    String sidA = h.connect("A");
    connectAdmin(h, CREDENTIALS);

    h.send("A", "421[\"join\",\"red\"]");
    JsonNode joined = event(h.posted("ADMIN"), "room_joined");
    h.send("A", "422[\"leave\",\"red\"]");
    JsonNode left = event(h.posted("ADMIN"), "room_left");

    assertThat(joined.get(1).asText()).isEqualTo("/");
    assertThat(joined.get(2).asText()).isEqualTo("red");
    assertThat(joined.get(3).asText()).isEqualTo(sidA);
    assertThat(joined.get(4).asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(List.of(left.get(1).asText(), left.get(2).asText(), left.get(3).asText()))
        .containsExactly("/", "red", sidA);
  }

  @Test
  void eventsReceivedAndBroadcastToEachRecipientAreSentWithTheirArguments() {
    EngineHarness h = harness(false);
    String sidA = h.connect("A");
    String sidB = h.connect("B");
    h.send("B", "421[\"join\",\"red\"]");
    connectAdmin(h, CREDENTIALS);

    h.send("A", "422[\"to-room\",\"red\",{\"text\":\"hi\"}]");
    List<String> frames = h.posted("ADMIN");

    JsonNode received = event(frames, "event_received");
    assertThat(received.get(1).asText()).isEqualTo("/");
    assertThat(received.get(2).asText()).isEqualTo(sidA);
    assertThat(received.get(3).toString()).isEqualTo("[\"to-room\",\"red\",{\"text\":\"hi\"}]");
    JsonNode sent = event(frames, "event_sent");
    assertThat(sent.get(2).asText()).isEqualTo(sidB);
    assertThat(sent.get(3).toString()).isEqualTo("[\"room-message\",{\"text\":\"hi\"}]");
    assertThat(frames.stream().filter(f -> f.contains("\"event_sent\"")).count())
        .as("one recipient, one event_sent: %s", frames).isEqualTo(1);
  }

  @Test
  void inProductionModeTheUiGetsNoSocketRoomOrEventFeed() {
    EngineHarness h = new EngineHarness(io -> {
      new DemoApp().configure(io);
      AdminUi.instrument(io, AdminOptions.of(dev.socketiolambda.functions.admin.AdminAuth.none()).production());
    }, CONFORMANCE);
    h.connect("A");
    List<String> frames = connectAdmin(h, "{}");

    assertThat(event(frames, "config").get(1).path("supportedFeatures").toString())
        .contains("AGGREGATED_EVENTS").doesNotContain("ALL_EVENTS");
    assertThat(event(frames, "server_stats").get(1).path("clientsCount").asInt()).isEqualTo(1);
    h.send("A", "421[\"join\",\"red\"]");
    h.connect("B");
    assertThat(frames).noneMatch(f -> f.contains("all_sockets"));
    assertThat(h.posted("ADMIN")).isEmpty();
  }

  @Test
  void theStatsScheduleCountsTheSocketsAndPushesServerStatsOnlyWhenAUiIsConnected() throws Exception {
    EngineHarness h = harness(false);
    Emitter emitter = emitter(h, null);
    Schedules schedules = new Schedules();
    AdminUi.scheduleStats(schedules, AdminOptions.of(auth -> {}), Duration.ofSeconds(2));
    Schedule stats = schedules.all().get(0);
    h.connect("A");
    h.connect("B");
    h.gateway.clear();

    stats.task().run(new TickContext(stats.name(), Instant.now(), emitter));
    assertThat(h.gateway.sent()).as("no UI, nothing sent").isEmpty();

    connectAdmin(h, CREDENTIALS);
    stats.task().run(new TickContext(stats.name(), Instant.now(), emitter));
    JsonNode pushed = event(h.posted("ADMIN"), "server_stats").get(1);
    assertThat(stats.period()).isEqualTo(Duration.ofSeconds(2));
    assertThat(pushed.path("clientsCount").asInt()).isEqualTo(2);
    assertThat(pushed.path("namespaces").get(0).path("name").asText()).isEqualTo("/");
    assertThat(pushed.path("namespaces").get(0).path("socketsCount").asInt()).isEqualTo(2);
  }

  @Test
  void aChangeOfSocketDataIsSentAsSocketUpdated() {
    EngineHarness h = harness(false);
    String sidA = h.connect("A");
    connectAdmin(h, CREDENTIALS);

    h.send("A", "421[\"remember\",{\"color\":\"red\"}]");
    JsonNode updated = event(h.posted("ADMIN"), "socket_updated").get(1);

    assertThat(updated.path("id").asText()).isEqualTo(sidA);
    assertThat(updated.path("nsp").asText()).isEqualTo("/");
    assertThat(updated.path("data").toString()).isEqualTo("{\"remembered\":{\"color\":\"red\"}}");
    h.send("A", "422[\"recall\"]");
    assertThat(h.posted("ADMIN")).as("data unchanged: no update").noneMatch(f -> f.contains("socket_updated"));
  }

  @Test
  void emitsOfTheRuntimesEmitterAreSentAsEventSentToEachRecipient() {
    EngineHarness h = harness(false);
    String sidB = h.connect("B");
    h.connect("C");
    h.send("B", "421[\"join\",\"news\"]");
    connectAdmin(h, CREDENTIALS);
    Emitter emitter = emitter(h, h.io);

    emitter.to("news").emit("headline", "tide is high");
    List<String> frames = h.posted("ADMIN");

    JsonNode sent = event(frames, "event_sent");
    assertThat(sent.get(1).asText()).isEqualTo("/");
    assertThat(sent.get(2).asText()).isEqualTo(sidB);
    assertThat(sent.get(3).toString()).isEqualTo("[\"headline\",\"tide is high\"]");
    assertThat(frames.stream().filter(f -> f.contains("\"event_sent\"")).count()).isEqualTo(1);
  }

  /** As in the HTTP, stream and schedule functions on AWS: the app is configured there, no engine runs. */
  @Test
  void inAFunctionWithoutEngineTheEmittersEmitsReachTheUiThroughTheEmitter() {
    EngineHarness h = harness(false);
    String sidB = h.connect("B");
    h.send("B", "421[\"join\",\"news\"]");
    connectAdmin(h, CREDENTIALS);
    SocketIoServer functionsOwn = new SocketIoServer(); // configured as that function configures it
    new DemoApp().configure(functionsOwn);
    AdminUi.instrument(functionsOwn, AdminOptions.of(auth -> {}));
    Emitter emitter = emitter(h, functionsOwn);

    emitter.to("news").emit("headline", "from a stream rule");

    JsonNode sent = event(h.posted("ADMIN"), "event_sent");
    assertThat(sent.get(2).asText()).isEqualTo(sidB);
    assertThat(sent.get(3).toString()).isEqualTo("[\"headline\",\"from a stream rule\"]");
  }

  @Test
  void theStatsScheduleSendsThePacketsBytesConnectionsAndDisconnectionsOfEachSecondOnce() throws Exception {
    EngineHarness h = harness(false);
    connectAdmin(h, CREDENTIALS);
    h.connect("A");
    h.send("A", "421[\"remember\",\"x\"]");
    h.engine.onDisconnect("A");
    Emitter emitter = emitter(h, h.io);
    Schedules schedules = new Schedules();
    AdminUi.scheduleStats(schedules, AdminOptions.of(auth -> {}), Duration.ofSeconds(2));
    Schedule stats = schedules.all().get(0);
    long due = (System.currentTimeMillis() / 1000 + 1) * 1000 + 2_000; // its window: this second and the one before
    h.posted("ADMIN");

    stats.task().run(new TickContext(stats.name(), Instant.ofEpochMilli(due), emitter));
    JsonNode events = event(h.posted("ADMIN"), "server_stats").get(1).path("aggregatedEvents");
    stats.task().run(new TickContext(stats.name(), Instant.ofEpochMilli(due + 2_000), emitter));
    JsonNode next = event(h.posted("ADMIN"), "server_stats").get(1).path("aggregatedEvents");

    assertThat(events.toString()).contains("\"type\":\"rawConnection\"", "\"type\":\"packetsIn\"",
        "\"type\":\"bytesIn\"", "\"type\":\"packetsOut\"", "\"type\":\"bytesOut\"",
        "{\"timestamp\":", "\"type\":\"rawDisconnection\",\"subType\":\"transport close\"");
    long packetsIn = 0;
    for (JsonNode e : events) {
      assertThat(e.path("timestamp").asLong() % 1000).isZero();
      packetsIn += e.path("type").asText().equals("packetsIn") ? e.path("count").asLong() : 0;
    }
    assertThat(packetsIn).as("the CONNECT and the event of A, at least: %s", events).isGreaterThanOrEqualTo(2);
    assertThat(next.toString()).as("the seconds already sent are not sent again")
        .doesNotContain("\"type\":\"rawConnection\"");
  }

  @Test
  void readOnlyOffersNoActionAndIgnoresThem() {
    EngineHarness h = harness(true);
    h.connect("A");
    List<String> frames = connectAdmin(h, CREDENTIALS);

    assertThat(event(frames, "config").get(1).path("supportedFeatures").toString())
        .isEqualTo("[\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]");
    h.engine.onMessage("ADMIN", "42/admin,[\"_disconnect\",\"/\",true]");
    assertThat(h.memory.getSocket("A", "/")).isPresent();
  }
}
