package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.QUIET;
import static dev.socketiolambda.functions.server.EngineHarness.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.recovery.RecoveryOptions;
import dev.socketiolambda.protocol.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection state recovery through the engine: pid and offsets on the wire, sessions restored or refused. */
class EngineRecoveryTest {
  private final List<String> connections = new CopyOnWriteArrayList<>();
  private EngineHarness h;

  @BeforeEach
  void start() {
    h = new EngineHarness(io -> {
      io.connectionStateRecovery(RecoveryOptions.of(Duration.ofMinutes(2)));
      io.onConnection(socket -> {
        connections.add(socket.id() + (socket.recovered() ? " recovered" : " fresh"));
        if (!socket.recovered()) {
          socket.data().put("visits", 0);
        }
        socket.data().put("visits", socket.data().path("visits").asInt() + 1);
      });
      io.on("join", (socket, args, ack) -> socket.join(args.get(0).asText()));
      io.on("say", (socket, args, ack) -> socket.to(args.get(0).asText()).emit("said", args.get(1).asText()));
      io.on("shout", (socket, args, ack) -> socket.nsp().emit("shout", args.get(0).asText()));
      io.on("whisper", (socket, args, ack) -> socket.to(args.get(0).asText()).volatileEmit().emit("hush"));
      io.on("self", (socket, args, ack) -> socket.emit("self", args.get(0).asText()));
      io.on("ask", (socket, args, ack) -> ack.send("answer"));
    }, QUIET);
  }

  /** Opens a connection and CONNECTs with the given auth; returns every frame the client got, in order. */
  private List<String> connectWith(String connectionId, String authJson) {
    h.open(connectionId);
    String reply = h.send(connectionId, "40" + (authJson == null ? "" : authJson));
    List<String> frames = new ArrayList<>(h.posted(connectionId));
    if (!Engine.NOOP.equals(reply)) {
      frames.add(reply);
    }
    return frames;
  }

  private static JsonNode connectData(String frame) {
    assertThat(frame).startsWith("40{");
    return Json.parse(frame.substring(2));
  }

  private static String offsetOf(String eventFrame) {
    JsonNode args = payloadOf(eventFrame);
    return args.get(args.size() - 1).asText();
  }

  private static String auth(String pid, String offset) {
    return Json.write(Json.object().put("pid", pid).put("offset", offset).put("token", "t"));
  }

  @Test
  void connectReplyCarriesAPrivateIdAndEventsCarryAnOffsetLast() {
    JsonNode connected = connectData(connectWith("A", null).get(0));
    connectWith("B", null);
    h.send("A", "42[\"join\",\"red\"]");

    h.send("B", "42[\"say\",\"red\",\"hi\"]");

    assertThat(connected.fieldNames()).toIterable().containsExactly("sid", "pid");
    List<String> got = h.posted("A");
    assertThat(got).hasSize(1);
    assertThat(payloadOf(got.get(0)).get(0).asText()).isEqualTo("said");
    assertThat(payloadOf(got.get(0)).get(1).asText()).isEqualTo("hi");
    assertThat(offsetOf(got.get(0))).matches("[0-9a-f]{11}-[0-9a-f]{4}-[0-9a-f]{6}");
  }

  @Test
  void volatileEventsAndAcksCarryNoOffset() {
    connectWith("A", null);
    connectWith("B", null);
    h.send("A", "42[\"join\",\"red\"]");

    h.send("B", "42[\"whisper\",\"red\"]");
    String ack = h.send("A", "421[\"ask\"]");

    assertThat(h.posted("A")).containsExactly("42[\"hush\"]");
    assertThat(ack).isEqualTo("431[\"answer\"]");
  }

  @Test
  void aReconnectWithinTheWindowGetsItsIdRoomsDataAndMissedEventsInOrder() {
    JsonNode first = connectData(connectWith("A", null).get(0));
    connectWith("B", null);
    h.send("A", "42[\"join\",\"red\"]");
    h.send("B", "42[\"say\",\"red\",\"one\"]");
    String lastSeen = offsetOf(h.posted("A").get(0));

    h.engine.onDisconnect("A");
    h.send("B", "42[\"say\",\"red\",\"two\"]");
    h.send("B", "42[\"say\",\"blue\",\"not for A\"]");
    h.send("B", "42[\"shout\",\"three\"]");
    h.clock.advance(60_000);
    h.send("B", "42[\"say\",\"red\",\"four\"]");
    List<String> frames = connectWith("A2", auth(first.get("pid").asText(), lastSeen));

    JsonNode again = connectData(frames.get(0));
    assertThat(again.get("sid").asText()).isEqualTo(first.get("sid").asText());
    assertThat(again.get("pid").asText()).isEqualTo(first.get("pid").asText());
    assertThat(frames.subList(1, frames.size())).extracting(f -> payloadOf(f).get(1).asText())
        .containsExactly("two", "three", "four");
    assertThat(connections).containsExactly(first.get("sid").asText() + " fresh", h.memory.getSocket("B", "/")
        .orElseThrow().sid() + " fresh", first.get("sid").asText() + " recovered");
    assertThat(h.memory.getSocket("A2", "/").orElseThrow().rooms()).contains("red", first.get("sid").asText());
    assertThat(h.memory.getSocket("A2", "/").orElseThrow().dataJson()).isEqualTo("{\"visits\":2}");

    h.send("B", "42[\"say\",\"red\",\"five\"]");
    assertThat(h.posted("A2")).extracting(f -> payloadOf(f).get(1).asText()).containsExactly("five");
  }

  @Test
  void eventsSentToTheSocketAloneAreReplayedToo() {
    JsonNode first = connectData(connectWith("A", null).get(0));
    String lastSeen = offsetOf(h.send("A", "42[\"self\",\"mine\"]"));
    h.engine.onDisconnect("A");
    connectWith("B", null);
    h.send("B", "42[\"shout\",\"all\"]");

    List<String> frames = connectWith("A2", auth(first.get("pid").asText(), lastSeen));

    assertThat(frames.subList(1, frames.size())).extracting(f -> payloadOf(f).get(1).asText())
        .containsExactly("all");
  }

  @Test
  void outsideTheWindowTheClientGetsAFreshSession() {
    JsonNode first = connectData(connectWith("A", null).get(0));
    String lastSeen = offsetOf(h.send("A", "42[\"self\",\"mine\"]"));
    h.engine.onDisconnect("A");
    h.clock.advance(Duration.ofMinutes(2).toMillis() + 1);

    JsonNode again = connectData(connectWith("A2", auth(first.get("pid").asText(), lastSeen)).get(0));

    assertThat(again.get("sid").asText()).isNotEqualTo(first.get("sid").asText());
    assertThat(again.get("pid").asText()).isNotEqualTo(first.get("pid").asText());
    assertThat(connections).last().asString().endsWith(" fresh");
  }

  @Test
  void aTamperedPidOrOffsetGetsAFreshSessionAndLeavesTheRealOneAlone() {
    JsonNode first = connectData(connectWith("A", null).get(0));
    String pid = first.get("pid").asText();
    String lastSeen = offsetOf(h.send("A", "42[\"self\",\"mine\"]"));
    h.engine.onDisconnect("A");
    String otherPid = (pid.charAt(0) == 'A' ? "B" : "A") + pid.substring(1);

    List<String> tampered = List.of(auth(otherPid, lastSeen), auth(pid + "x", lastSeen),
        "{\"pid\":42,\"offset\":[]}", "{\"pid\":\"" + pid + "\",\"offset\":\"' OR 1=1\"}");
    for (int i = 0; i < tampered.size(); i++) {
      JsonNode reply = connectData(connectWith("T" + i, tampered.get(i)).get(0));
      assertThat(reply.get("sid").asText()).as(tampered.get(i)).isNotEqualTo(first.get("sid").asText());
    }
    assertThat(connections).allMatch(c -> c.endsWith(" fresh"));

    JsonNode real = connectData(connectWith("A2", auth(pid, lastSeen)).get(0));
    assertThat(real.get("sid").asText()).isEqualTo(first.get("sid").asText());
    assertThat(connections).last().asString().endsWith(" recovered");
  }

  @Test
  void aWellFormedOffsetThatWasNeverIssuedIsRefused() {
    JsonNode first = connectData(connectWith("A", null).get(0));
    String lastSeen = offsetOf(h.send("A", "42[\"self\",\"mine\"]"));
    h.engine.onDisconnect("A");
    String forged = lastSeen.substring(0, lastSeen.length() - 1) + (lastSeen.endsWith("0") ? "1" : "0");

    JsonNode again = connectData(connectWith("A2", auth(first.get("pid").asText(), forged)).get(0));

    assertThat(again.get("sid").asText()).isNotEqualTo(first.get("sid").asText());
  }

  @Test
  void aSessionIsRecoveredOnceOnly() {
    JsonNode first = connectData(connectWith("A", null).get(0));
    String lastSeen = offsetOf(h.send("A", "42[\"self\",\"mine\"]"));
    h.engine.onDisconnect("A");
    String auth = auth(first.get("pid").asText(), lastSeen);

    JsonNode once = connectData(connectWith("A2", auth).get(0));
    JsonNode twice = connectData(connectWith("A3", auth).get(0));

    assertThat(once.get("sid").asText()).isEqualTo(first.get("sid").asText());
    assertThat(twice.get("sid").asText()).isNotEqualTo(first.get("sid").asText());
  }

  @Test
  void aClientNamespaceDisconnectLeavesNoSession() {
    JsonNode first = connectData(connectWith("A", null).get(0));
    String lastSeen = offsetOf(h.send("A", "42[\"self\",\"mine\"]"));
    h.send("A", "41");
    h.engine.onDisconnect("A");

    JsonNode again = connectData(connectWith("A2", auth(first.get("pid").asText(), lastSeen)).get(0));

    assertThat(again.get("sid").asText()).isNotEqualTo(first.get("sid").asText());
  }

  @Test
  void withAnOwnerCheckTheMiddlewaresRunAgainAndAnotherUserGetsAFreshSession() {
    List<String> checked = new CopyOnWriteArrayList<>();
    EngineHarness owned = new EngineHarness(io -> {
      io.connectionStateRecovery(RecoveryOptions.defaults().sameOwner(data -> data.path("user").asText(null)));
      io.use(socket -> {
        checked.add(socket.handshake().auth().path("user").asText());
        socket.data().put("user", socket.handshake().auth().path("user").asText());
      });
      io.on("self", (socket, args, ack) -> socket.emit("self", "x"));
    }, QUIET);
    owned.open("A");
    JsonNode first = Json.parse(owned.send("A", "40{\"user\":\"alice\"}").substring(2));
    String lastSeen = offsetOf(owned.send("A", "42[\"self\"]"));
    owned.engine.onDisconnect("A");
    String pid = first.get("pid").asText();

    owned.open("M");
    String mallory = owned.send("M", "40" + Json.write(Json.object().put("pid", pid).put("offset", lastSeen)
        .put("user", "mallory")));

    assertThat(Json.parse(mallory.substring(2)).get("sid").asText()).isNotEqualTo(first.get("sid").asText());
    assertThat(checked).containsExactly("alice", "mallory", "mallory");
  }

  @Test
  void withoutTheOptionTheReplyHasNoPidAndEventsNoOffset() {
    EngineHarness plain = new EngineHarness(io -> io.on("self", (socket, args, ack) -> socket.emit("self", "x")),
        QUIET);
    plain.open("A");
    String reply = plain.send("A", "40");

    assertThat(Json.parse(reply.substring(2)).fieldNames()).toIterable().containsExactly("sid");
    assertThat(plain.send("A", "42[\"self\"]")).isEqualTo("42[\"self\",\"x\"]");
  }
}
