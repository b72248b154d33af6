package dev.socketiolambda.local.e2e.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Java client ({@code io.socket:socket.io-client} 2.x) with default options against the
 * local stack running {@code DemoApp}: it connects over HTTP long-polling, then upgrades to
 * WebSocket; and with polling only it works without a WebSocket. Every wait is bounded.
 */
class JavaPollingIT {
  private static final long WAIT_S = 10;
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
    clients.forEach(Socket::close);
    clients.clear();
  }

  private Socket client(IO.Options options) {
    options.reconnection = false;
    options.forceNew = true;
    options.timeout = WAIT_S * 1000;
    Socket s = IO.socket(URI.create(base + "/"), options);
    clients.add(s);
    return s;
  }

  private static Object[] ask(Socket s, String event, Object arg) throws Exception {
    CompletableFuture<Object[]> reply = new CompletableFuture<>();
    s.emit(event, new Object[] {arg}, (Ack) reply::complete);
    return reply.get(WAIT_S, TimeUnit.SECONDS);
  }

  private static void connect(Socket s) throws Exception {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    s.once(Socket.EVENT_CONNECT, a -> connected.complete(null));
    s.once(Socket.EVENT_CONNECT_ERROR, a -> connected.completeExceptionally(new AssertionError("connect_error: "
        + (a.length > 0 ? a[0] : ""))));
    s.connect();
    connected.get(WAIT_S, TimeUnit.SECONDS);
  }

  @Test
  void defaultOptionsConnectOverPollingThenUpgradeToWebSocket() throws Exception {
    Socket s = client(new IO.Options());
    BlockingQueue<String> transports = new LinkedBlockingQueue<>();
    s.io().on(io.socket.client.Manager.EVENT_OPEN, a -> transports.add("open"));
    BlockingQueue<Object[]> auth = new LinkedBlockingQueue<>();
    s.on("auth", auth::add);
    s.io().on(io.socket.client.Manager.EVENT_TRANSPORT, a -> {
      io.socket.engineio.client.Transport t = (io.socket.engineio.client.Transport) a[0];
      transports.add(t.name);
    });
    connect(s);
    assertThat(auth.poll(WAIT_S, TimeUnit.SECONDS)).as("auth event").isNotNull();
    assertThat(ask(s, "message-with-ack", "before")).containsExactly("before");
    // the transports the manager created: polling first, then the WebSocket of the upgrade
    long deadline = System.currentTimeMillis() + WAIT_S * 1000;
    while (!transports.contains("websocket") && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(List.copyOf(transports)).contains("polling", "websocket");
    assertThat(List.copyOf(transports).indexOf("polling")).isLessThan(List.copyOf(transports).indexOf("websocket"));
    Thread.sleep(500); // the upgrade completes after the probe
    assertThat(ask(s, "message-with-ack", "after")).containsExactly("after");
  }

  @Test
  void pollingOnlyExchangesEventsAndAcks() throws Exception {
    IO.Options options = IO.Options.builder().setTransports(new String[] {Polling.NAME}).build();
    Socket s = client(options);
    connect(s);
    BlockingQueue<Object[]> back = new LinkedBlockingQueue<>();
    s.on("message-back", back::add);
    s.emit("message", "hello", 42);
    Object[] got = back.poll(WAIT_S, TimeUnit.SECONDS);
    assertThat(got).containsExactly("hello", 42);
    assertThat(ask(s, "message-with-ack", "x")).containsExactly("x");
  }
}
