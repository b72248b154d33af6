package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Engine.IO / Socket.IO edge cases spoken by hand over a raw WebSocket against a local stack
 * running {@code DemoApp}, one stack per test with the timings it needs.
 *
 * <p>Tests about a close the server must cause for a specific reason (malformed packet, payload
 * size, binary frame) run with socket.io's long default timings, so no heartbeat or connect
 * timeout can close the connection within the wait; heartbeat tests use short timings. Every wait
 * is bounded; nothing asserts that something took less than a given time.
 */
class ProtocolEdgeIT {
  private static final long WAIT_MS = 15_000;
  private static final Pattern OPEN = Pattern.compile(
      "0\\{\"sid\":\"([^\"]+)\",\"upgrades\":\\[],\"pingInterval\":(\\d+),\"pingTimeout\":(\\d+),\"maxPayload\":(\\d+)}");
  private static final Pattern CONNECTED = Pattern.compile("40\\{\"sid\":\"([^\"]+)\"}");

  private final List<LocalStack> stacks = new ArrayList<>();
  private final List<RawClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    for (RawClient c : clients) {
      c.close();
    }
    for (LocalStack s : stacks) {
      s.close();
    }
  }

  /** socket.io's default timings: nothing but the frame under test can close a connection within a wait. */
  private LocalStack slowStack() {
    return start(LocalOptions.defaults().withPort(0));
  }

  /** Short heartbeat timings; the schedule ticks well below the ping timeout. */
  private LocalStack quickStack() {
    return start(LocalOptions.defaults().withPort(0).withPing(300, 600).withTickMs(50).withConnectTimeout(800));
  }

  private LocalStack start(LocalOptions options) {
    LocalStack s = LocalStack.start(options);
    stacks.add(s);
    return s;
  }

  // ------------------------------------------------------------------ handshake

  @Test
  void openPacketIsTheFirstFrameWithExactlyTheReferenceKeysInOrder() throws Exception {
    LocalStack stack = quickStack();
    RawClient c = open(stack);

    String first = c.nextFrame();
    assertThat(c.all.get(0)).as("the first frame of the connection").isEqualTo(first);
    Matcher m = OPEN.matcher(first);
    assertThat(m.matches()).as("open packet: " + first).isTrue();
    assertThat(first).isEqualTo("0{\"sid\":\"" + m.group(1)
        + "\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":600,\"maxPayload\":1000000}");

    String id = onlyConnectionId(stack);
    assertThat(stack.store().getConnection(id)).hasValueSatisfying(r -> assertThat(r.eioSid()).isEqualTo(m.group(1)));
  }

  @Test
  void connectToMainNamespaceRepliesSidOnlyThenAuth() throws Exception {
    LocalStack stack = slowStack();
    RawClient c = open(stack);
    String eioSid = sidOfOpen(c.nextFrame());

    c.send("40");
    String connected = c.nextFrame();
    Matcher m = CONNECTED.matcher(connected);
    assertThat(m.matches()).as("CONNECT reply with exactly the key sid: " + connected).isTrue();
    assertThat(m.group(1)).as("the namespace sid is not the Engine.IO sid").isNotEqualTo(eioSid);
    assertThat(c.nextFrame()).isEqualTo("42[\"auth\",{}]");

    c.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
    assertThat(c.nextFrame()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
    c.send("42[\"message-with-ack\",1,\"2\",{\"3\":[true]}]");
    // no ack id: nothing but the noop comes back; with one, the ack carries the arguments
    c.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[true]}]");
    assertThat(c.nextFrame()).isEqualTo("43456[1,\"2\",{\"3\":[true]}]");
  }

  @Test
  void connectWithAuthPayloadEchoesIt() throws Exception {
    LocalStack stack = slowStack();
    RawClient c = open(stack);
    c.nextFrame();

    c.send("40{\"token\":\"abc\",\"n\":[1,2]}");
    assertThat(c.nextFrame()).matches(CONNECTED);
    assertThat(c.nextFrame()).isEqualTo("42[\"auth\",{\"token\":\"abc\",\"n\":[1,2]}]");
  }

  @Test
  void otherNamespacesAnswerOnTheSameConnection() throws Exception {
    LocalStack stack = slowStack();
    RawClient c = open(stack);
    c.nextFrame();

    c.send("40/random,");
    assertThat(c.nextFrame()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");

    c.send("40/secure,{\"token\":\"nope\"}");
    assertThat(c.nextFrame()).isEqualTo("44/secure,{\"message\":\"unauthorized\",\"data\":{\"reason\":\"bad token\"}}");

    c.send("40/secure,{\"token\":\"secret\",\"user\":\"eve\"}");
    assertThat(c.nextFrame()).matches("40/secure,\\{\"sid\":\"[^\"]+\"}");
    assertThat(c.nextFrame()).isEqualTo("42/secure,[\"welcome\",\"eve\"]");

    c.send("40/dyn-42,");
    assertThat(c.nextFrame()).matches("40/dyn-42,\\{\"sid\":\"[^\"]+\"}");
    assertThat(c.nextFrame()).isEqualTo("42/dyn-42,[\"hello\",\"/dyn-42\"]");

    assertThat(c.isOpen()).isTrue();
  }

  // ------------------------------------------------------------------ heartbeat

  @Test
  void clientAnsweringPingsStaysConnectedThroughSeveralPings() throws Exception {
    LocalStack stack = quickStack();
    RawClient c = open(stack);
    c.nextFrame();
    c.send("40");
    assertThat(c.nextFrame()).matches(CONNECTED);
    assertThat(c.nextFrame()).isEqualTo("42[\"auth\",{}]");

    assertThat(c.threePings.await(WAIT_MS, TimeUnit.MILLISECONDS)).as("3 pings within " + WAIT_MS + " ms").isTrue();
    assertThat(c.closeCode).as("closed after " + c.pings.get() + " pings").isNotDone();

    c.send("42[\"message\",\"still here\"]");
    assertThat(c.nextFrame()).isEqualTo("42[\"message-back\",\"still here\"]");
    assertThat(c.closeCode).isNotDone();
    assertThat(stack.store().getConnection(onlyConnectionId(stack))).isPresent();
  }

  @Test
  void clientThatStopsAnsweringPingsIsClosedAndForgotten() throws Exception {
    LocalStack stack = quickStack();
    RawClient c = open(stack);
    c.nextFrame();
    String id = onlyConnectionId(stack);
    c.send("40");
    assertThat(c.nextFrame()).matches(CONNECTED);
    assertThat(c.nextFrame()).isEqualTo("42[\"auth\",{}]");
    c.send("421[\"join\",\"a-room\"]"); // a room membership row too
    assertThat(c.nextFrame()).startsWith("431[[");
    assertThat(rowsOf(stack, id)).as("rows while connected")
        .anySatisfy(row -> assertThat(row.get("pk").s()).contains("a-room"))
        .anySatisfy(row -> assertThat(row.get("pk").s()).isEqualTo("C#" + id));

    c.answerPings.set(0); // from now on the client is silent
    int answered = c.pings.get();
    c.awaitClose();

    assertThat(c.pings.get()).as("at least one unanswered ping").isGreaterThan(answered);
    awaitNoRows(stack, id);
    assertThat(stack.store().getConnection(id)).isEmpty();
    assertThat(stack.gateway().openConnectionIds()).doesNotContain(id);
  }

  @Test
  void clientThatNeverConnectsANamespaceIsClosedAfterConnectTimeout() throws Exception {
    // pings far apart: within the wait, only the connect timeout can close a connection
    LocalStack stack = start(LocalOptions.defaults().withPort(0).withPing(10_000, 10_000).withTickMs(50)
        .withConnectTimeout(800));
    RawClient connected = open(stack);
    connected.nextFrame();
    String connectedId = onlyConnectionId(stack);
    connected.send("40");
    assertThat(connected.nextFrame()).matches(CONNECTED);
    assertThat(connected.nextFrame()).isEqualTo("42[\"auth\",{}]");
    RawClient silent = open(stack); // opened last: its deadline is the later one
    silent.nextFrame();
    Set<String> ids = new TreeSet<>(stack.gateway().openConnectionIds());
    assertThat(ids).hasSize(2).contains(connectedId);
    ids.remove(connectedId);
    String silentId = ids.iterator().next();

    silent.awaitClose();

    awaitNoRows(stack, silentId);
    // the client that did connect a namespace is past its (earlier) deadline and still served
    connected.send("42[\"message\",\"alive\"]");
    assertThat(connected.nextFrame()).isEqualTo("42[\"message-back\",\"alive\"]");
    assertThat(connected.closeCode).isNotDone();
    assertThat(silent.pings.get()).isZero();
  }

  // ------------------------------------------------------------------ closing on bad input

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"4abc", "42{}", "42abc[1]", "42abc[\"message-with-ack\",1,\"2\",{\"3\":[true]}]"})
  void malformedPacketClosesTheConnection(String frame) throws Exception {
    LocalStack stack = slowStack();
    RawClient c = connectedToMain(stack);
    String id = onlyConnectionId(stack);

    c.send(frame);

    c.awaitClose();
    awaitNoRows(stack, id);
  }

  @Test
  void frameLargerThanMaxPayloadClosesTheConnection() throws Exception {
    LocalStack stack = start(LocalOptions.defaults().withPort(0).withMaxPayload(1000));
    RawClient c = open(stack);
    assertThat(c.nextFrame()).endsWith(",\"maxPayload\":1000}");
    c.send("40");
    assertThat(c.nextFrame()).matches(CONNECTED);
    assertThat(c.nextFrame()).isEqualTo("42[\"auth\",{}]");
    String id = onlyConnectionId(stack);

    String small = "x".repeat(900);
    c.send("42[\"message\",\"" + small + "\"]");
    assertThat(c.nextFrame()).as("a frame under the limit is served").isEqualTo("42[\"message-back\",\"" + small + "\"]");

    c.send("42[\"message\",\"" + "y".repeat(2000) + "\"]");

    c.awaitClose();
    assertThat(c.all).noneMatch(f -> f.contains("yyyy"));
    awaitNoRows(stack, id);
  }

  @Test
  void clientBinaryFrameIsClosedWith1003LikeApiGateway() throws Exception {
    LocalStack stack = slowStack();
    RawClient c = connectedToMain(stack);
    String id = onlyConnectionId(stack);

    c.send(new byte[] {4, 1, 2, 3});

    assertThat(c.awaitClose()).as("1003 unsupported data").isEqualTo(CloseFrame.REFUSE);
    awaitNoRows(stack, id);
  }

  // ------------------------------------------------------------------ namespace DISCONNECT

  @Test
  void namespaceDisconnectKeepsTheConnectionOpen() throws Exception {
    LocalStack stack = slowStack();
    RawClient c = open(stack);
    c.nextFrame();
    String id = onlyConnectionId(stack);
    c.send("40");
    String first = sidOfConnected(c.nextFrame());
    assertThat(c.nextFrame()).isEqualTo("42[\"auth\",{}]");
    assertThat(stack.store().getSocket(id, "/")).isPresent();

    c.send("41");
    awaitNoSocket(stack, id, "/"); // route responses off (the default): nothing answers the DISCONNECT
    assertThat(stack.store().getConnection(id)).isPresent();

    // an event for the namespace left is ignored (the emulator serves one connection's frames in order)
    c.send("42[\"message\",\"ignored\"]");
    c.send("40");
    String second = sidOfConnected(c.nextFrame());
    assertThat(second).isNotEqualTo(first);
    assertThat(c.nextFrame()).isEqualTo("42[\"auth\",{}]");

    c.send("42[\"message\",\"back again\"]");
    assertThat(c.nextFrame()).isEqualTo("42[\"message-back\",\"back again\"]");
    assertThat(c.isOpen()).isTrue();
    assertThat(stack.store().getSocket(id, "/")).hasValueSatisfying(s -> assertThat(s.sid()).isEqualTo(second));
  }

  // ------------------------------------------------------------------ helpers

  private RawClient open(LocalStack stack) throws InterruptedException {
    RawClient c = new RawClient(URI.create(stack.websocketUrl() + "/socket.io/?EIO=4&transport=websocket"));
    clients.add(c);
    assertThat(c.connectBlocking(WAIT_MS, TimeUnit.MILLISECONDS)).as("WebSocket upgrade").isTrue();
    return c;
  }

  /** Opens a connection and connects it to "/", reading the open packet, the CONNECT reply and "auth". */
  private RawClient connectedToMain(LocalStack stack) throws InterruptedException {
    RawClient c = open(stack);
    assertThat(c.nextFrame()).matches(OPEN);
    c.send("40");
    assertThat(c.nextFrame()).matches(CONNECTED);
    assertThat(c.nextFrame()).isEqualTo("42[\"auth\",{}]");
    return c;
  }

  private static String sidOfOpen(String frame) {
    Matcher m = OPEN.matcher(frame);
    assertThat(m.matches()).as("open packet: " + frame).isTrue();
    return m.group(1);
  }

  private static String sidOfConnected(String frame) {
    Matcher m = CONNECTED.matcher(frame);
    assertThat(m.matches()).as("CONNECT reply: " + frame).isTrue();
    return m.group(1);
  }

  /** The id of the stack's single open connection (the open packet has arrived, so it is open). */
  private static String onlyConnectionId(LocalStack stack) {
    Set<String> ids = stack.gateway().openConnectionIds();
    assertThat(ids).hasSize(1);
    return ids.iterator().next();
  }

  /** Every row of the state table with a string attribute holding the connection id (pk, sk or other). */
  private static List<Map<String, AttributeValue>> rowsOf(LocalStack stack, String connectionId) {
    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    stack.dynamo().scanPaginator(b -> b.tableName(stack.table()).consistentRead(true)).items().forEach(item -> {
      if (item.values().stream().anyMatch(v -> v.s() != null && v.s().contains(connectionId))) {
        rows.add(item);
      }
    });
    return rows;
  }

  private static void awaitNoSocket(LocalStack stack, String connectionId, String namespace)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (stack.store().getSocket(connectionId, namespace).isPresent() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(stack.store().getSocket(connectionId, namespace)).as("the socket of " + connectionId).isEmpty();
  }

  private static void awaitNoRows(LocalStack stack, String connectionId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    List<Map<String, AttributeValue>> rows = rowsOf(stack, connectionId);
    while (!rows.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      rows = rowsOf(stack, connectionId);
    }
    assertThat(rows).as("rows of " + connectionId + " left behind").isEmpty();
  }

  /**
   * A raw Engine.IO client: records every text frame, answers pings ({@code 2} -> {@code 3}) as
   * long as {@link #answerPings} allows, and queues everything else but pings and noops.
   */
  static final class RawClient extends WebSocketClient {
    final List<String> all = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<String> raw = new LinkedBlockingQueue<>();
    final AtomicInteger pings = new AtomicInteger();
    final AtomicInteger answerPings = new AtomicInteger(Integer.MAX_VALUE);
    final CountDownLatch threePings = new CountDownLatch(3);
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    RawClient(URI uri) {
      super(uri);
      setConnectionLostTimeout(0); // no WebSocket-level pings: only Engine.IO traffic
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      all.add(message);
      if ("2".equals(message)) {
        pings.incrementAndGet();
        threePings.countDown();
        if (answerPings.getAndDecrement() > 0) {
          send("3");
        }
        return;
      }
      raw.add(message);
      if (!"6".equals(message)) {
        frames.add(message);
      }
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      all.add("<binary " + bytes.remaining() + " bytes>");
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {}

    /** The next frame that is neither a ping nor a noop. */
    String nextFrame() throws InterruptedException {
      String frame = frames.poll(WAIT_MS, TimeUnit.MILLISECONDS);
      assertThat(frame).as("a frame within " + WAIT_MS + " ms; so far " + all).isNotNull();
      raw.remove(frame);
      return frame;
    }

    /** The next frame that is not a ping, noops included. */
    String nextRaw() throws InterruptedException {
      String frame = raw.poll(WAIT_MS, TimeUnit.MILLISECONDS);
      assertThat(frame).as("a frame within " + WAIT_MS + " ms; so far " + all).isNotNull();
      frames.remove(frame);
      return frame;
    }

    int awaitClose() throws Exception {
      return closeCode.get(WAIT_MS, TimeUnit.MILLISECONDS);
    }
  }
}
