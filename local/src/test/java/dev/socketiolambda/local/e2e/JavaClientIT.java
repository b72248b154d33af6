package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Java client ({@code io.socket:socket.io-client} 2.1.2, WebSocket transport only)
 * against the local stack running {@code DemoApp}: one stack for the class, fresh clients per test.
 * Every wait is bounded; absence is asserted only after a later marker event has arrived.
 */
class JavaClientIT {
  private static final long WAIT_S = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalStack stack;
  private static String base;

  private final List<Socket> clients = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    stack = LocalStack.start(LocalOptions.defaults().withPort(0));
    base = "http://127.0.0.1:" + stack.port();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @AfterEach
  void closeClients() {
    for (Socket s : clients) {
      s.close();
    }
    clients.clear();
  }

  // ------------------------------------------------------------------ namespace "/"

  @Test
  void connectToMainNamespaceReceivesAuthBack() throws Exception {
    Socket s = client("/", Map.of("token", "abc", "user", "ann"));
    BlockingQueue<Object[]> auth = record(s, "auth");
    connect(s);

    assertThat(s.connected()).isTrue();
    assertThat(s.id()).isNotBlank();
    assertThat(json(next(auth, "auth"))).isEqualTo(JSON.readTree("[{\"token\":\"abc\",\"user\":\"ann\"}]"));
  }

  @Test
  void connectWithoutAuthReceivesEmptyObject() throws Exception {
    Socket s = client("/", null);
    BlockingQueue<Object[]> auth = record(s, "auth");
    connect(s);

    assertThat(json(next(auth, "auth"))).isEqualTo(JSON.readTree("[{}]"));
  }

  @Test
  void messageComesBackWithTheSameArguments() throws Exception {
    Socket s = client("/", null);
    BlockingQueue<Object[]> back = record(s, "message-back");
    connect(s);

    JSONObject object = new JSONObject();
    object.put("a", new JSONArray().put(1).put("two"));
    object.put("nested", new JSONObject().put("ok", true));
    JSONArray array = new JSONArray().put(1).put("x").put(JSONObject.NULL);
    Object[] sent = {"hello", 42, 2.5, true, object, array, "ünïcødé ✓"};
    s.emit("message", sent);

    Object[] received = next(back, "message-back");
    assertThat(received).hasSize(sent.length);
    assertThat(received[0]).isEqualTo("hello");
    assertThat(received[1]).isEqualTo(42);
    assertThat(((Number) received[2]).doubleValue()).isEqualTo(2.5);
    assertThat(received[3]).isEqualTo(true);
    assertThat(received[4]).isInstanceOf(JSONObject.class);
    assertThat(received[5]).isInstanceOf(JSONArray.class);
    assertThat(json(received)).isEqualTo(json(sent));
  }

  @Test
  void clientAckIsCalledWithTheSameArguments() throws Exception {
    Socket s = client("/", null);
    connect(s);

    JSONObject object = new JSONObject().put("k", new JSONArray().put(true).put(3));
    Object[] sent = {1, "2", object};
    Object[] reply = emitWithAck(s, "message-with-ack", sent);

    assertThat(json(reply)).isEqualTo(json(sent));
  }

  @Test
  void failingHandlerAnswersThroughTheAck() throws Exception {
    Socket s = client("/", null);
    connect(s);

    Object[] reply = emitWithAck(s, "fail");

    assertThat(json(reply)).isEqualTo(
        JSON.readTree("[{\"error\":{\"message\":\"refused\",\"data\":{\"code\":\"E_DEMO\"}}}]"));
  }

  @Test
  void socketDataIsRememberedAcrossEvents() throws Exception {
    Socket s = client("/", null);
    connect(s);

    assertThat(emitWithAck(s, "remember", new JSONObject().put("n", 7))).containsExactly("ok");
    assertThat(json(emitWithAck(s, "recall"))).isEqualTo(JSON.readTree("[{\"n\":7}]"));
  }

  // ------------------------------------------------------------------ other namespaces

  @Test
  void secureNamespaceWithTheRightTokenWelcomesTheUser() throws Exception {
    Socket s = client("/secure", Map.of("token", "secret", "user", "bob"));
    BlockingQueue<Object[]> welcome = record(s, "welcome");
    connect(s);

    assertThat(next(welcome, "welcome")).containsExactly("bob");
  }

  @Test
  void secureNamespaceWithABadTokenIsRefusedWithData() throws Exception {
    Socket s = client("/secure", Map.of("token", "wrong"));
    Object error = connectError(s);

    assertThat(error).isInstanceOf(JSONObject.class);
    assertThat(JSON.readTree(error.toString())).isEqualTo(
        JSON.readTree("{\"message\":\"unauthorized\",\"data\":{\"reason\":\"bad token\"}}"));
    assertThat(s.connected()).isFalse();
  }

  @Test
  void unknownNamespaceIsRefused() throws Exception {
    Socket s = client("/random", null);
    Object error = connectError(s);

    assertThat(error).isInstanceOf(JSONObject.class);
    assertThat(((JSONObject) error).getString("message")).isEqualTo("Invalid namespace");
    assertThat(s.connected()).isFalse();
  }

  @Test
  void dynamicNamespaceSaysHelloWithItsName() throws Exception {
    Socket s = client("/dyn-7", null);
    BlockingQueue<Object[]> hello = record(s, "hello");
    BlockingQueue<Object[]> back = record(s, "message-back");
    connect(s);

    assertThat(next(hello, "hello")).containsExactly("/dyn-7");
    s.emit("message", "in dyn");
    assertThat(next(back, "message-back")).containsExactly("in dyn");
  }

  // ------------------------------------------------------------------ rooms

  @Test
  void roomMessageReachesOtherMembersOnly() throws Exception {
    Socket a = client("/", null);
    Socket b = client("/", null);
    Socket c = client("/", null);
    List<BlockingQueue<Object[]>> room = new ArrayList<>();
    List<BlockingQueue<Object[]>> all = new ArrayList<>();
    for (Socket s : List.of(a, b, c)) {
      room.add(record(s, "room-message"));
      all.add(record(s, "all-message"));
      connect(s);
    }
    // a and b in "r1"; c in no room
    assertThat(json(emitWithAck(a, "join", "r1")).get(0)).contains(JSON.readTree("\"r1\""), text(a.id()));
    assertThat(json(emitWithAck(b, "join", "r1")).get(0)).contains(JSON.readTree("\"r1\""), text(b.id()));

    assertThat(emitWithAck(a, "to-room", "r1", "hi room")).containsExactly("sent");
    assertThat(next(room.get(1), "room-message at b")).containsExactly("hi room");

    // the marker is sent after the room message was delivered: once every client has it, nothing else is in flight
    assertThat(emitWithAck(a, "to-all", "marker")).containsExactly("sent");
    for (int i = 0; i < 3; i++) {
      assertThat(next(all.get(i), "all-message at client " + i)).containsExactly("marker");
    }
    assertThat(room.get(0)).as("the sender gets no room message").isEmpty();
    assertThat(room.get(1)).as("b got exactly one room message").isEmpty();
    assertThat(room.get(2)).as("a non-member gets no room message").isEmpty();
  }

  @Test
  void roomMessageExceptARoomSkipsItsMembers() throws Exception {
    Socket a = client("/", null);
    Socket b = client("/", null);
    Socket c = client("/", null);
    List<BlockingQueue<Object[]>> room = new ArrayList<>();
    List<BlockingQueue<Object[]>> all = new ArrayList<>();
    for (Socket s : List.of(a, b, c)) {
      room.add(record(s, "room-message"));
      all.add(record(s, "all-message"));
      connect(s);
    }
    emitWithAck(a, "join", "r1");
    emitWithAck(b, "join", "r1");
    emitWithAck(c, "join", "r1");
    assertThat(json(emitWithAck(c, "join", "r2")).get(0)).contains(JSON.readTree("\"r2\""));

    // namespace-level broadcast: the sender is included, members of r2 are not
    assertThat(emitWithAck(a, "to-room-except", "r1", "r2", "not r2")).containsExactly("sent");
    assertThat(next(room.get(0), "room-message at a")).containsExactly("not r2");
    assertThat(next(room.get(1), "room-message at b")).containsExactly("not r2");

    assertThat(emitWithAck(b, "to-all", "marker")).containsExactly("sent");
    for (int i = 0; i < 3; i++) {
      assertThat(next(all.get(i), "all-message at client " + i)).containsExactly("marker");
    }
    assertThat(room.get(2)).as("a member of the excepted room gets nothing").isEmpty();
  }

  @Test
  void leavingARoomStopsItsMessages() throws Exception {
    Socket a = client("/", null);
    Socket b = client("/", null);
    BlockingQueue<Object[]> roomB = record(b, "room-message");
    BlockingQueue<Object[]> allB = record(b, "all-message");
    connect(a);
    connect(b);
    emitWithAck(b, "join", "r1");
    assertThat(json(emitWithAck(b, "leave", "r1")).get(0)).doesNotContain(JSON.readTree("\"r1\""));

    emitWithAck(a, "to-room", "r1", "after leave");
    emitWithAck(a, "to-all", "marker");
    assertThat(next(allB, "all-message at b")).containsExactly("marker");
    assertThat(roomB).isEmpty();
  }

  // ------------------------------------------------------------------ server-to-client ack

  @Test
  void serverAskAndClientAnswersThroughItsAck() throws Exception {
    Socket s = client("/", null);
    BlockingQueue<Object[]> questions = new LinkedBlockingQueue<>();
    JSONObject sure = new JSONObject().put("sure", true);
    s.on("question", args -> {
      questions.add(args);
      Object last = args.length == 0 ? null : args[args.length - 1];
      if (last instanceof Ack ack) {
        ack.call("yes", 42, sure);
      }
    });
    BlockingQueue<Object[]> answered = record(s, "answered");
    connect(s);

    s.emit("ask", "ready?", 1);

    Object[] question = next(questions, "question");
    assertThat(question).hasSize(3);
    assertThat(question[0]).isEqualTo("ready?");
    assertThat(question[1]).isEqualTo(1);
    assertThat(question[2]).as("the server asked for an ack").isInstanceOf(Ack.class);

    Object[] answer = next(answered, "answered");
    assertThat(answer).hasSize(1);
    JsonNode reply = JSON.readTree(answer[0].toString());
    assertThat(reply.path("timedOut").asBoolean(true)).isFalse();
    assertThat(reply.path("args")).isEqualTo(JSON.readTree("[\"yes\",42,{\"sure\":true}]"));
    assertThat(reply.path("context").path("asked").asText()).isEqualTo(s.id());
  }

  // ------------------------------------------------------------------ binary server -> client

  /**
   * The server sends the attachment as a {@code b<base64>} text frame (the only way over API
   * Gateway). engine.io-client-java 2.1.0 decodes that form only in polling payloads: on the
   * WebSocket transport {@code Parser.decodePacket(String)} maps {@code 'b'} to its parser-error
   * packet and the client closes with "transport error". This pins that limitation of the
   * client; {@link #binaryFromServerArrivesThroughABase64FrameAdapter()} shows the workaround.
   */
  @Test
  void binaryFromServerClosesThePlainJavaClient() throws Exception {
    Socket s = client("/", null);
    BlockingQueue<Object[]> bytes = record(s, "bytes");
    BlockingQueue<Object[]> all = record(s, "all-message");
    CompletableFuture<Object> disconnected = new CompletableFuture<>();
    s.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? args[0] : null));
    connect(s);
    assertThat(emitWithAck(s, "to-all", "before")).containsExactly("sent");
    assertThat(next(all, "all-message")).containsExactly("before");

    s.emit("bytes", 1000);

    assertThat(disconnected.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("transport error");
    assertThat(bytes).as("no bytes event is ever emitted").isEmpty();
  }

  @Test
  void binaryFromServerArrivesThroughABase64FrameAdapter() throws Exception {
    IO.Options options = options(null);
    options.webSocketFactory = new Base64FrameAdapter(new OkHttpClient());
    Socket s = IO.socket(URI.create(base + "/"), options);
    clients.add(s);
    BlockingQueue<Object[]> bytes = record(s, "bytes");
    connect(s);

    s.emit("bytes", 1000);

    Object[] args = next(bytes, "bytes");
    assertThat(args).hasSize(2);
    assertThat(args[0]).isInstanceOf(byte[].class);
    byte[] data = (byte[]) args[0];
    byte[] expected = new byte[1000];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (byte) i;
    }
    assertThat(data).isEqualTo(expected);
    assertThat(JSON.readTree(args[1].toString())).isEqualTo(JSON.readTree("{\"length\":1000}"));
  }

  // ------------------------------------------------------------------ helpers

  private static IO.Options options(Map<String, String> auth) {
    var builder = IO.Options.builder()
        .setTransports(new String[] {WebSocket.NAME})
        .setReconnection(false)
        .setForceNew(true)
        .setTimeout(WAIT_S * 1000);
    if (auth != null) {
      builder.setAuth(auth);
    }
    return builder.build();
  }

  private Socket client(String namespace, Map<String, String> auth) {
    Socket s = IO.socket(URI.create(base + namespace), options(auth));
    clients.add(s);
    return s;
  }

  /** Connects and waits (bounded) for the namespace CONNECT to succeed. */
  static void connect(Socket s) throws Exception {
    CompletableFuture<Object> result = new CompletableFuture<>();
    s.once(Socket.EVENT_CONNECT, args -> result.complete(Boolean.TRUE));
    s.once(Socket.EVENT_CONNECT_ERROR, args -> result.completeExceptionally(
        new AssertionError("connect_error: " + (args.length > 0 ? args[0] : null))));
    s.connect();
    assertThat(result.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo(Boolean.TRUE);
  }

  /** Connects expecting a refusal; returns the connect_error argument. */
  private static Object connectError(Socket s) throws Exception {
    CompletableFuture<Object> result = new CompletableFuture<>();
    s.once(Socket.EVENT_CONNECT, args -> result.completeExceptionally(new AssertionError("connected")));
    s.once(Socket.EVENT_CONNECT_ERROR, args -> result.complete(args.length > 0 ? args[0] : null));
    s.connect();
    return result.get(WAIT_S, TimeUnit.SECONDS);
  }

  private static BlockingQueue<Object[]> record(Socket s, String event) {
    BlockingQueue<Object[]> q = new LinkedBlockingQueue<>();
    s.on(event, q::add);
    return q;
  }

  private static Object[] next(BlockingQueue<Object[]> q, String what) throws InterruptedException {
    Object[] args = q.poll(WAIT_S, TimeUnit.SECONDS);
    assertThat(args).as(what + " within " + WAIT_S + " s").isNotNull();
    return args;
  }

  private static Object[] emitWithAck(Socket s, String event, Object... args) throws Exception {
    CompletableFuture<Object[]> reply = new CompletableFuture<>();
    s.emit(event, args, reply::complete);
    return reply.get(WAIT_S, TimeUnit.SECONDS);
  }

  /** The arguments as a Jackson tree, through org.json's own serialization. */
  private static JsonNode json(Object[] args) throws Exception {
    JSONArray array = new JSONArray();
    for (Object a : args) {
      array.put(a);
    }
    return JSON.readTree(array.toString());
  }

  private static JsonNode text(String s) {
    return JSON.getNodeFactory().textNode(s);
  }

  /**
   * Hands {@code b<base64>} text frames to engine.io-client-java as binary frames, which its
   * WebSocket transport does decode; every other callback passes through unchanged.
   */
  private static final class Base64FrameAdapter implements okhttp3.WebSocket.Factory {
    private final OkHttpClient http;

    Base64FrameAdapter(OkHttpClient http) {
      this.http = http;
    }

    @Override
    public okhttp3.WebSocket newWebSocket(Request request, WebSocketListener listener) {
      return http.newWebSocket(request, new WebSocketListener() {
        @Override
        public void onOpen(okhttp3.WebSocket webSocket, Response response) {
          listener.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(okhttp3.WebSocket webSocket, String text) {
          if (text.startsWith("b")) {
            listener.onMessage(webSocket, ByteString.of(Base64.getDecoder().decode(text.substring(1))));
          } else {
            listener.onMessage(webSocket, text);
          }
        }

        @Override
        public void onMessage(okhttp3.WebSocket webSocket, ByteString bytes) {
          listener.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(okhttp3.WebSocket webSocket, int code, String reason) {
          listener.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(okhttp3.WebSocket webSocket, int code, String reason) {
          listener.onClosed(webSocket, code, reason);
        }

        @Override
        public void onFailure(okhttp3.WebSocket webSocket, Throwable t, Response response) {
          listener.onFailure(webSocket, t, response);
        }
      });
    }
  }
}
