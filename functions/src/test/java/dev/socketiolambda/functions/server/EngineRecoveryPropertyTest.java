package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.QUIET;
import static dev.socketiolambda.functions.server.EngineHarness.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.recovery.RecoveryOptions;
import dev.socketiolambda.protocol.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random interleavings of broadcasts (to rooms, without the sender; to the whole namespace, with it),
 * disconnections and recoveries: within the window, every client gets every event meant for it
 * exactly once and in the order it was sent. Seeded: a failing seed replays the same run.
 */
class EngineRecoveryPropertyTest {
  private static final String[] ROOMS = {"r0", "r1", "r2"};

  /** A client as the test sees it: what it was sent, what it got, its private id and last offset. */
  private static final class Client {
    final int index;
    final Set<String> rooms = new HashSet<>();
    final List<Integer> expected = new ArrayList<>();
    final List<Integer> received = new ArrayList<>();
    String connectionId;
    String pid;
    String lastOffset;
    boolean online;
    int generation;

    Client(int index) {
      this.index = index;
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void noEventIsLostOrDuplicatedWithinTheWindow(long seed) {
    Random random = new Random(seed);
    EngineHarness h = new EngineHarness(io -> {
      io.connectionStateRecovery(RecoveryOptions.of(Duration.ofMinutes(2)).maxReplayedEvents(1_000));
      io.onConnection(socket -> socket.emit("hello"));
      io.on("join", (socket, args, ack) -> socket.join(args.get(0).asText()));
      io.on("say", (socket, args, ack) -> socket.to(args.get(0).asText()).emit("b", args.get(1).asInt()));
      io.on("shout", (socket, args, ack) -> socket.nsp().emit("b", args.get(0).asInt()));
    }, QUIET);
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Client c = new Client(i);
      clients.add(c);
      connect(h, c);
      for (String room : ROOMS) {
        if (random.nextBoolean()) {
          c.rooms.add(room);
          h.send(c.connectionId, "42[\"join\",\"" + room + "\"]");
        }
      }
    }
    int nextEvent = 0;
    for (int step = 0; step < 150; step++) {
      h.clock.advance(random.nextInt(200));
      Client c = clients.get(random.nextInt(clients.size()));
      int op = random.nextInt(10);
      if (!c.online) {
        connect(h, c);
      } else if (op < 2) {
        h.engine.onDisconnect(c.connectionId);
        c.online = false;
      } else if (op < 8) {
        String room = ROOMS[random.nextInt(ROOMS.length)];
        int id = nextEvent++;
        for (Client other : clients) {
          if (other != c && other.rooms.contains(room)) {
            other.expected.add(id);
          }
        }
        collect(h, c, h.send(c.connectionId, "42[\"say\",\"" + room + "\"," + id + "]"));
      } else {
        int id = nextEvent++;
        clients.forEach(other -> other.expected.add(id));
        collect(h, c, h.send(c.connectionId, "42[\"shout\"," + id + "]"));
      }
      for (Client other : clients) {
        if (other.online) {
          collect(h, other, null);
        }
      }
    }
    for (Client c : clients) {
      if (!c.online) {
        connect(h, c);
      }
      assertThat(c.received).as("seed %d, client %d", seed, c.index).containsExactlyElementsOf(c.expected);
    }
  }

  /** A first CONNECT, or a recovery with the client's pid and last offset; checks the session was kept. */
  private static void connect(EngineHarness h, Client c) {
    c.connectionId = "c" + c.index + "-" + c.generation++;
    h.open(c.connectionId);
    String auth = c.pid == null ? "" : Json.write(Json.object().put("pid", c.pid).put("offset", c.lastOffset));
    String reply = h.send(c.connectionId, "40" + auth);
    List<String> frames = new ArrayList<>(h.posted(c.connectionId));
    frames.add(reply);
    JsonNode connected = Json.parse(frames.get(0).substring(2));
    assertThat(c.pid == null || c.pid.equals(connected.get("pid").asText())).as("recovered %s", c.connectionId)
        .isTrue();
    c.pid = connected.get("pid").asText();
    c.online = true;
    record(c, frames.subList(1, frames.size()));
  }

  private static void collect(EngineHarness h, Client c, String routeResponse) {
    List<String> frames = new ArrayList<>(h.posted(c.connectionId));
    if (routeResponse != null) {
      frames.add(routeResponse);
    }
    record(c, frames);
  }

  private static void record(Client c, List<String> frames) {
    for (String frame : frames) {
      if (!frame.startsWith("42")) {
        continue;
      }
      JsonNode args = payloadOf(frame);
      c.lastOffset = args.get(args.size() - 1).asText();
      if ("b".equals(args.get(0).asText())) {
        c.received.add(args.get(1).asInt());
      }
    }
  }
}
