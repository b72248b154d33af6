package dev.socketiolambda.functions.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.functions.testing.TestClock;
import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An {@link Engine} wired to an in-memory store, a {@link RecordingGateway} and a {@link TestClock},
 * with the steps a client goes through as one-liners.
 */
final class EngineHarness {
  /** The conformance suite's settings: ping 300/200 ms, 1 MB payload, 1 s connect timeout. */
  static final EngineConfig CONFORMANCE = new EngineConfig(300, 200, 1_000_000, 1_000, 30_000, true, 4, 3, 2_000);
  /** Slow heartbeats, for tests that move the clock for other reasons. */
  static final EngineConfig QUIET = new EngineConfig(600_000, 60_000, 1_000_000, 300_000, 30_000, true, 4, 3, 2_000);
  static final String ENDPOINT = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev";

  final TestClock clock = new TestClock();
  final RecordingGateway gateway = new RecordingGateway();
  final InMemoryStateStore memory = new InMemoryStateStore();
  final SocketIoServer io = new SocketIoServer();
  final List<String> errors = new CopyOnWriteArrayList<>();
  final List<Throwable> errorCauses = new CopyOnWriteArrayList<>();
  final Engine engine;

  EngineHarness(SocketIoApp app, EngineConfig config) {
    this(app, config, store -> store, null);
  }

  /**
   * @param wrapStore wraps the in-memory store (to inject failures)
   * @param defaultEndpoint the engine's default management endpoint, or null to use each connection's
   */
  EngineHarness(SocketIoApp app, EngineConfig config, Function<StateStore, StateStore> wrapStore,
      String defaultEndpoint) {
    app.configure(io);
    io.onError((where, socket, error) -> {
      errors.add(where + (socket == null ? "" : " @" + socket.id()) + ": " + error);
      errorCauses.add(error);
    });
    engine = new Engine(io, wrapStore.apply(memory), gateway.provider(), config, clock, defaultEndpoint);
  }

  static EngineHarness of(SocketIoApp app) {
    return new EngineHarness(app, CONFORMANCE);
  }

  /** {@code $connect} then the open step; returns the open frame the client received. */
  String open(String connectionId) {
    engine.onConnect(new ConnectRequest(connectionId, ENDPOINT, "203.0.113.7",
        Map.of("user-agent", "socket.io-client-test", "origin", "https://app.example.com"),
        Map.of("EIO", List.of("4"), "transport", List.of("websocket"), "room", List.of("a", "b")), clock.now()));
    assertThat(engine.onOpen(connectionId)).as("open packet delivered").isTrue();
    List<String> frames = gateway.takeFrames(connectionId);
    assertThat(frames).hasSize(1);
    return frames.get(0);
  }

  /** One client frame through {@code $default}; returns the route response. */
  String send(String connectionId, String frame) {
    String reply = engine.onMessage(connectionId, frame);
    assertThat(reply).as("route response to %s", frame).isNotNull().isNotEmpty();
    return reply;
  }

  /**
   * Opens the connection and joins a namespace with a CONNECT; returns the socket id. Frames the
   * CONNECT produced (the reply, events emitted on connection) are taken from the gateway.
   */
  String connect(String connectionId, String namespace) {
    open(connectionId);
    return join(connectionId, namespace, null);
  }

  String connect(String connectionId) {
    return connect(connectionId, "/");
  }

  /** A CONNECT on an open connection; returns the socket id and forgets the frames it produced. */
  String join(String connectionId, String namespace, String authJson) {
    String prefix = "/".equals(namespace) ? "" : namespace + ",";
    String reply = send(connectionId, "40" + prefix + (authJson == null ? "" : authJson));
    List<String> posted = gateway.takeFrames(connectionId);
    String connectFrame = posted.isEmpty() ? reply : posted.get(0);
    assertThat(connectFrame).startsWith("40" + prefix + "{\"sid\":");
    return sidOf(connectFrame);
  }

  /** Frames posted to a connection since the last call (taken: the next call sees only newer ones). */
  List<String> posted(String connectionId) {
    return gateway.takeFrames(connectionId);
  }

  /** The sid of a CONNECT reply frame {@code 40[/nsp,]{"sid":...}}. */
  static String sidOf(String connectFrame) {
    return Json.parse(connectFrame.substring(connectFrame.indexOf('{'))).path("sid").asText();
  }

  /** The JSON after a Socket.IO header's namespace and ack id: {@code 42/nsp,12[...]} gives {@code [...]}. */
  static JsonNode payloadOf(String frame) {
    int start = frame.indexOf('[');
    int obj = frame.indexOf('{');
    if (start < 0 || (obj >= 0 && obj < start)) {
      start = obj;
    }
    return Json.parse(frame.substring(start));
  }

  /** The ack id of an EVENT frame {@code 42[/nsp,]<id>[...]}. */
  static long ackIdOf(String frame) {
    int i = 2;
    if (frame.length() > 2 && frame.charAt(2) == '/') {
      i = frame.indexOf(',') + 1;
    }
    int j = i;
    while (Character.isDigit(frame.charAt(j))) {
      j++;
    }
    return Long.parseLong(frame.substring(i, j));
  }
}
