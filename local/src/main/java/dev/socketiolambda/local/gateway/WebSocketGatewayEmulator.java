package dev.socketiolambda.local.gateway;

import dev.socketiolambda.functions.DaemonThreads;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * An emulator of an API Gateway WebSocket API with Lambda proxy integrations, for the local stack
 * and tests: a WebSocket endpoint ({@link #websocketUrl()}) that invokes {@code $connect},
 * {@code $default} and {@code $disconnect} {@link LambdaFunction}s with events shaped like API
 * Gateway's, and the {@code @connections} management API ({@link #managementEndpoint()}) on a
 * separate port, which the AWS SDK's {@code ApiGatewayManagementApiClient} talks to through
 * {@code endpointOverride}.
 *
 * <p>What it reproduces: {@code $connect} runs during the HTTP upgrade and a non-2xx status (500
 * when the function throws) refuses it with that status; nothing can be posted to a connection
 * until {@code $connect} has returned (410 GoneException); with a two-way route response on
 * {@code $default} the function's {@code body} goes back as a text frame, an <em>empty</em> frame
 * when the body is missing, and {@code {"message": "Internal server error", "connectionId":...,
 * "requestId":...}} when the function throws (both kill socket.io clients, as on AWS); client
 * binary frames close with 1003; a text frame over {@code maxFrameBytes} or a fragmented message
 * over {@code maxMessageBytes} closes with 1009; idle timeout and maximum connection duration
 * close with 1001; {@code $disconnect} is invoked once after every close of an accepted
 * connection, with {@code disconnectStatusCode} and {@code disconnectReason}; a route response
 * goes out at least 5 ms after the connection's last frame, as API Gateway's own hop after the
 * integration returns keeps it from reaching the client together with what the function posted.
 *
 * <p><b>Ordering.</b> By default the emulator invokes a connection's {@code $default} function <em>one
 * message at a time, in arrival order</em>, and sends each route response before the next
 * invocation starts; different connections run in parallel on a bounded pool. With
 * {@link Builder#parallelDefault} it runs them in parallel and out of order instead. Real API Gateway
 * makes no such promise: it may run one connection's invocations concurrently, so their effects
 * and route responses can reorder. Code that relies on order here may still race on AWS.
 * {@code $disconnect} runs on the same queue, after the connection's pending {@code $default}
 * invocations.
 *
 * <p><b>One port for WebSocket and HTTP.</b> A request with {@code Upgrade: websocket} becomes a
 * WebSocket connection; any other request goes to the {@link LocalHttpHandler}s of
 * {@link Builder#httpHandler} (an {@link HttpApiEmulator}'s routes, static assets, later the
 * long-polling transport), as one domain in front of both APIs would route them.
 *
 * <p>Binds to 127.0.0.1 only. Accepts any request path on upgrade (like a custom domain).
 * {@link #close()} stops every thread it started and closes every client socket.
 */
public final class WebSocketGatewayEmulator implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  /** I/O threads of the management API: requests are cheap there, nothing blocks them. */
  private static final int MANAGEMENT_IO_THREADS = 2;
  /** Workers of the HTTP side: requests at once (a held long-poll takes one). */
  private static final int HTTP_THREADS = 32;

  private final int requestedPort;
  private final int requestedManagementPort;
  private final String stage;
  private final String apiId;
  private final LambdaFunction connectFunction;
  private final LambdaFunction disconnectFunction;
  private final LambdaFunction defaultFunction;
  private final boolean defaultRouteResponse;
  private final long idleTimeoutMillis;
  private final long maxConnectionDurationMillis;
  private final int maxFrameBytes;
  private final int maxMessageBytes;
  private final int executorThreads;
  private final int managementThreads;
  private final ManagementFaults managementFaults;
  private final List<LocalHttpHandler> httpHandlers;
  private final int maxHttpBodyBytes;
  private final String threadPrefix;
  private final long parallelDefaultMs;
  private final long reorderSeed;

  private final Map<String, GatewayConnection> connections = new ConcurrentHashMap<>();
  private final Set<WebSocket> sockets = ConcurrentHashMap.newKeySet();
  private final Object lifecycle = new Object();
  private volatile boolean started;
  private volatile boolean closed;

  private GatewayServer server;
  private SharedPortServer sharedPort;
  private ThreadPoolExecutor httpPool;
  private EventLoopGroup managementLoop;
  private Channel managementServer;
  private ThreadPoolExecutor functionPool;
  private ExecutorService managementPool;
  private ScheduledExecutorService timer;
  private volatile GatewayEvents.Api api;

  private WebSocketGatewayEmulator(Builder b) {
    this.requestedPort = b.port;
    this.requestedManagementPort = b.managementPort;
    this.stage = b.stage;
    this.apiId = b.apiId;
    this.connectFunction = b.connectFunction;
    this.disconnectFunction = b.disconnectFunction;
    this.defaultFunction = b.defaultFunction;
    this.defaultRouteResponse = b.defaultRouteResponse;
    this.idleTimeoutMillis = b.idleTimeout.toMillis();
    this.maxConnectionDurationMillis = b.maxConnectionDuration.toMillis();
    this.maxFrameBytes = b.maxFrameBytes;
    this.maxMessageBytes = b.maxMessageBytes;
    this.executorThreads = b.executorThreads;
    this.managementThreads = b.managementThreads > 0 ? b.managementThreads : Math.max(128, 2 * b.executorThreads);
    this.managementFaults = b.managementFaults;
    this.httpHandlers = new java.util.concurrent.CopyOnWriteArrayList<>(b.httpHandlers);
    this.maxHttpBodyBytes = b.maxHttpBodyBytes;
    this.threadPrefix = "api-gateway-emulator-" + INSTANCES.incrementAndGet() + "-";
    this.parallelDefaultMs = b.parallelDefaultMs;
    this.reorderSeed = b.reorderSeed;
  }

  /** A builder with API Gateway's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds both ports and starts serving. Returns once both listen.
   *
   * @return this emulator
   * @throws UncheckedIOException when a port cannot be bound
   * @throws IllegalStateException when already started or closed
   */
  public WebSocketGatewayEmulator start() {
    synchronized (lifecycle) {
      if (started || closed) {
        throw new IllegalStateException("the emulator can be started once, before close()");
      }
      started = true;
      try {
        functionPool = new ThreadPoolExecutor(
            executorThreads, executorThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            threads("fn"));
        functionPool.allowCoreThreadTimeOut(true);
        // The @connections API: served on its own I/O threads (functions call it synchronously
        // from the function pool), injected latency as timers there. Only faults that may block
        // run on this pool, one thread per call in progress.
        ThreadPoolExecutor mgmt = new ThreadPoolExecutor(managementThreads, managementThreads, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), threads("mgmt"));
        mgmt.allowCoreThreadTimeOut(true);
        managementPool = mgmt;
        timer = Executors.newSingleThreadScheduledExecutor(threads("timer"));

        managementLoop = new NioEventLoopGroup(MANAGEMENT_IO_THREADS, threads("mgmt-io"));
        ExecutorService blocking = managementPool;
        io.netty.channel.ChannelFuture bound = new ServerBootstrap()
            .group(managementLoop)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new ManagementApi(WebSocketGatewayEmulator.this,
                    managementFaults, blocking));
              }
            })
            .bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), requestedManagementPort))
            .awaitUninterruptibly();
        if (!bound.isSuccess()) {
          throw new IOException("management API: " + bound.cause().getMessage(), bound.cause());
        }
        managementServer = bound.channel();

        int decoders = Math.max(2, Math.min(executorThreads, 8));
        server = new GatewayServer(
            this,
            new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0), // internal: reached through sharedPort
            decoders,
            new GatewayDraft(maxFrameBytes, maxMessageBytes));
        server.start();
        if (!server.startedLatch().await(10, TimeUnit.SECONDS)) {
          throw new IOException("WebSocket server did not start within 10 s");
        }
        if (server.startFailure() != null) {
          Exception failure = server.startFailure();
          throw new IOException("WebSocket port " + LOOPBACK + ":" + requestedPort + ": " + failure.getMessage(),
              failure);
        }
        // The public port: WebSocket upgrades are relayed to the server above, other requests
        // go to the HTTP handlers (routes, assets, later long-polling) on their own pool.
        httpPool = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), threads("http"));
        httpPool.allowCoreThreadTimeOut(true);
        sharedPort = new SharedPortServer(new InetSocketAddress(InetAddress.getByName(LOOPBACK), requestedPort),
            new InetSocketAddress(InetAddress.getByName(LOOPBACK), server.getPort()), httpHandlers, httpPool,
            maxHttpBodyBytes, threads("port"));
        api();

        long tick = Math.max(10, Math.min(1000, Math.min(idleTimeoutMillis, maxConnectionDurationMillis) / 10));
        timer.scheduleWithFixedDelay(this::enforceTimeouts, tick, tick, TimeUnit.MILLISECONDS);
        return this;
      } catch (IOException e) {
        close();
        throw new UncheckedIOException("could not start the API Gateway emulator: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while starting", e);
      }
    }
  }

  /** The WebSocket port (the real one when 0 was asked for). */
  public int port() {
    requireStarted();
    return sharedPort.port();
  }

  /** The management API port (the real one when 0 was asked for). */
  public int managementPort() {
    requireStarted();
    return ((InetSocketAddress) managementServer.localAddress()).getPort();
  }

  /** Where clients connect: {@code ws://127.0.0.1:PORT} (any path is accepted). */
  public String websocketUrl() {
    return "ws://" + LOOPBACK + ":" + port();
  }

  /**
   * The {@code @connections} endpoint for {@code ApiGatewayManagementApiClient.builder()
   * .endpointOverride(URI.create(...))}: {@code http://127.0.0.1:MGMT_PORT/STAGE} (the SDK
   * appends {@code /@connections/{id}}).
   */
  public String managementEndpoint() {
    return "http://" + LOOPBACK + ":" + managementPort() + "/" + stage;
  }

  /** The stage name events carry. */
  public String stage() {
    return stage;
  }

  /** The API id events carry. */
  public String apiId() {
    return apiId;
  }

  /**
   * The {@code requestContext.domainName} events carry: {@code 127.0.0.1:PORT} of the WebSocket
   * port. Locally the management API listens elsewhere: use {@link #managementEndpoint()}.
   */
  public String domainName() {
    requireStarted();
    return api().domainName();
  }

  /**
   * Adds a handler of plain HTTP requests after those of the builder, before or after start (the
   * local stack plugs an app's routes in this way). Handlers are asked in the order added.
   */
  public void addHttpHandler(LocalHttpHandler handler) {
    httpHandlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /** Ids of the connections that are open now (past {@code $connect}, not closed). */
  public Set<String> openConnectionIds() {
    Set<String> ids = new java.util.TreeSet<>();
    connections.forEach((id, c) -> {
      if (c.isOpen()) {
        ids.add(id);
      }
    });
    return ids;
  }

  /** Stops both servers, closes every client socket (1001) and stops every emulator thread. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (timer != null) {
      timer.shutdownNow();
    }
    if (sharedPort != null) {
      sharedPort.stopAccepting();
    }
    if (httpPool != null) {
      httpPool.shutdownNow();
    }
    if (server != null) {
      try {
        server.stop(2000, "Going away");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // stop() sends close frames but does not wait for every close handshake: finish them.
      for (WebSocket socket : sockets) {
        if (!socket.isClosed()) {
          socket.closeConnection(CloseFrame.GOING_AWAY, "Going away");
        }
      }
      sockets.clear();
    }
    if (sharedPort != null) {
      sharedPort.close(); // after the WebSocket closes above went through its relays
    }
    if (functionPool != null) {
      functionPool.shutdown(); // lets queued $disconnect invocations run briefly
      awaitQuietly(functionPool, 2000);
    }
    if (managementServer != null) {
      managementServer.close().syncUninterruptibly();
    }
    if (managementLoop != null) {
      managementLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
    }
    if (managementPool != null) {
      managementPool.shutdownNow();
      awaitQuietly(managementPool, 2000);
    }
    if (timer != null) {
      awaitQuietly(timer, 1000);
    }
    connections.clear();
  }

  // ---------------------------------------------------------------- WebSocket callbacks

  ServerHandshakeBuilder onHandshake(WebSocket socket, ClientHandshake request)
      throws InvalidDataException {
    long now = System.currentTimeMillis();
    Map<String, String> headers = new LinkedHashMap<>();
    String userAgent = null;
    for (Iterator<String> it = request.iterateHttpFields(); it.hasNext(); ) {
      String name = it.next();
      String value = request.getFieldValue(name);
      headers.put(name, value);
      if (name.equalsIgnoreCase("User-Agent")) {
        userAgent = value;
      }
    }
    headers.putIfAbsent("X-Forwarded-For", LOOPBACK);
    headers.putIfAbsent("X-Forwarded-Port", String.valueOf(sharedPort.port()));
    headers.putIfAbsent("X-Forwarded-Proto", "http");

    String resource = request.getResourceDescriptor();
    int q = resource == null ? -1 : resource.indexOf('?');
    Map<String, List<String>> query =
        GatewayEvents.parseQuery(q < 0 ? null : resource.substring(q + 1));

    InetSocketAddress remote = socket.getRemoteSocketAddress();
    String sourceIp = remote == null ? LOOPBACK : remote.getAddress().getHostAddress();

    String id;
    do {
      id = GatewayEvents.newId();
    } while (connections.containsKey(id));
    GatewayConnection connection = new GatewayConnection(
        id, socket, now, sourceIp, userAgent, parallelDefaultMs < 0 ? new SerialExecutor(functionPool)
            : new ReorderingExecutor(functionPool, timer, parallelDefaultMs, reorderSeed ^ id.hashCode()));

    int status = 200;
    String body = null;
    Map<String, String> responseHeaders = Map.of();
    if (connectFunction != null) { // no $connect route: API Gateway accepts every upgrade
      String requestId = GatewayEvents.newId();
      try {
        String event = GatewayEvents.connectEvent(api(), connection, headers, query, requestId, now);
        GatewayEvents.RouteResponse r = GatewayEvents.parseResponse(connectFunction.invoke(event));
        status = r.statusCode();
        body = r.body();
        responseHeaders = r.headers();
      } catch (Throwable t) {
        GatewayLog.error("$connect function failed for " + id, t);
        status = 500;
        body = GatewayEvents.errorFrame("Internal server error", id, requestId);
      }
    }
    if (status < 200 || status >= 300) {
      refuseUpgrade(socket, status < 100 || status > 599 ? 500 : status, body);
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "$connect refused with " + status);
    }
    HandshakeImpl1Server response = new HandshakeImpl1Server();
    responseHeaders.forEach((name, value) -> {
      if (!isHopByHop(name)) {
        response.put(name, value); // e.g. Sec-WebSocket-Protocol chosen by $connect
      }
    });
    // Registered as CONNECTING: the management API answers 410 until onOpen.
    socket.setAttachment(connection);
    sockets.add(socket);
    connections.put(id, connection);
    return response;
  }

  void onOpen(WebSocket socket) {
    GatewayConnection connection = socket.getAttachment();
    if (connection != null) {
      connection.opened(System.currentTimeMillis());
    }
  }

  void onClientFrame(WebSocket socket) {
    GatewayConnection connection = socket.getAttachment();
    if (connection != null) {
      connection.touch(System.currentTimeMillis());
    }
  }

  void onText(WebSocket socket, String message) {
    GatewayConnection connection = socket.getAttachment();
    if (connection == null) {
      return;
    }
    connection.touch(System.currentTimeMillis());
    try {
      long arrivedAt = System.currentTimeMillis();
      connection.invocations().execute(() -> invokeDefault(connection, message, arrivedAt));
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  void onClose(WebSocket socket, int code, String reason, boolean remote) {
    sockets.remove(socket);
    GatewayConnection connection = socket.getAttachment();
    if (connection == null) {
      return;
    }
    connection.closed();
    connections.remove(connection.id(), connection);
    if (!connection.claimDisconnect() || disconnectFunction == null) {
      return;
    }
    int statusCode = code;
    String why = reason == null ? "" : reason;
    if (statusCode == CloseFrame.NOCODE && why.isEmpty()) {
      why = "Client-side close frame status not set";
    } else if (statusCode == CloseFrame.ABNORMAL_CLOSE && why.isEmpty()) {
      why = "Connection closed abnormally";
    }
    int finalCode = statusCode;
    String finalReason = why;
    try {
      connection.invocations().execute(() -> invokeDisconnect(connection, finalCode, finalReason));
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  // ---------------------------------------------------------------- invocations

  /** Invokes {@code $default}; {@code now} is when the frame arrived (the event's {@code requestTimeEpoch}). */
  private void invokeDefault(GatewayConnection connection, String message, long now) {
    String requestId = GatewayEvents.newId();
    String messageId = GatewayEvents.newId();
    if (defaultFunction == null) {
      // No route matched and no $default route: what API Gateway answers.
      send(connection, GatewayEvents.errorFrame("Forbidden", connection.id(), requestId));
      return;
    }
    String response;
    try {
      String event =
          GatewayEvents.messageEvent(api(), connection, message, requestId, messageId, now);
      response = defaultFunction.invoke(event);
    } catch (Throwable t) {
      GatewayLog.error("$default function failed for " + connection.id(), t);
      if (defaultRouteResponse) {
        send(connection, GatewayEvents.errorFrame("Internal server error", connection.id(), requestId));
      }
      return;
    }
    if (defaultRouteResponse) {
      String body = GatewayEvents.parseResponse(response).body();
      // API Gateway sends the body even when there is none: an empty text frame.
      afterTheRouteResponseHop(connection);
      send(connection, body == null ? "" : body);
    }
  }

  private void invokeDisconnect(GatewayConnection connection, int code, String reason) {
    try {
      String event = GatewayEvents.disconnectEvent(
          api(), connection, code, reason, GatewayEvents.newId(), System.currentTimeMillis());
      disconnectFunction.invoke(event);
    } catch (Throwable t) {
      GatewayLog.error("$disconnect function failed for " + connection.id(), t);
    }
  }

  // ---------------------------------------------------------------- management API support

  int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** The connection with that id when frames can be posted to it, else null. */
  GatewayConnection openConnection(String connectionId) {
    GatewayConnection connection = connections.get(connectionId);
    return connection != null && connection.isOpen() ? connection : null;
  }

  /** Sends one text frame; false when the connection is gone. */
  boolean send(GatewayConnection connection, String text) {
    if (!connection.isOpen()) {
      return false;
    }
    try {
      connection.socket().send(text);
      connection.frameSent();
      return true;
    } catch (WebsocketNotConnectedException e) {
      return false;
    }
  }

  /**
   * A route response leaves API Gateway a hop after the integration returned, so it does not reach
   * the client in the same TCP read as a frame the function posted just before returning: clients
   * that read one frame per event-loop turn (the protocol suite's {@code waitFor}) would miss it.
   * Here both go through one socket within a millisecond, so the route response waits until
   * {@link #ROUTE_RESPONSE_GAP_NANOS} after the connection's last frame (on the invocation's own
   * thread; posts are never delayed).
   */
  private static void afterTheRouteResponseHop(GatewayConnection connection) {
    long wait = connection.lastFrameSentNanos() + ROUTE_RESPONSE_GAP_NANOS - System.nanoTime();
    if (connection.lastFrameSentNanos() != 0 && wait > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(wait);
    }
  }

  /** How long after the connection's last frame a route response goes out, at least. */
  static final long ROUTE_RESPONSE_GAP_NANOS = 5_000_000;

  /** Starts a server-side close; false when the connection was not open. */
  boolean closeByServer(GatewayConnection connection, int code, String reason) {
    return connection.requestClose(code, reason, System.currentTimeMillis());
  }

  // ---------------------------------------------------------------- internals

  private void enforceTimeouts() {
    try {
      long now = System.currentTimeMillis();
      for (GatewayConnection c : connections.values()) {
        switch (c.state()) {
          case OPEN -> {
            String why = now - c.lastActiveAt() >= idleTimeoutMillis
                ? "no client frame for " + (now - c.lastActiveAt()) + " ms (idle timeout " + idleTimeoutMillis + " ms)"
                : now - c.connectedAt() >= maxConnectionDurationMillis
                ? "connected for " + (now - c.connectedAt()) + " ms (maximum duration " + maxConnectionDurationMillis
                    + " ms)"
                : null;
            if (why != null && c.requestClose(CloseFrame.GOING_AWAY, "Going away", now)) {
              GatewayLog.warn("closing " + c.id() + " with 1001 Going away: " + why);
            }
          }
          case CLOSING -> {
            // The client did not answer our close frame: drop the TCP connection.
            if (now - c.closeRequestedAt() >= 2000) {
              c.socket().closeConnection(c.closeCode(), c.closeReason());
            }
          }
          default -> { }
        }
      }
    } catch (RuntimeException e) {
      GatewayLog.error("timeout check failed", e);
    }
  }

  /**
   * Answers the upgrade request with {@code status} instead of 101. Java-WebSocket can only refuse
   * a handshake with 404, so the response is written to the socket here and its output shut
   * down; the library's own 404 then fails to write and the connection closes.
   */
  private static void refuseUpgrade(WebSocket socket, int status, String body) {
    byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + bodyBytes.length + "\r\n"
        + "Connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer buffer = ByteBuffer.allocate(headBytes.length + bodyBytes.length);
    buffer.put(headBytes).put(bodyBytes).flip();
    if (!(socket instanceof WebSocketImpl impl)) {
      return;
    }
    ByteChannel channel = impl.getChannel();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (buffer.hasRemaining() && System.nanoTime() < deadline) {
        if (channel.write(buffer) == 0) {
          Thread.sleep(1);
        }
      }
      if (channel instanceof java.nio.channels.SocketChannel socketChannel) {
        socketChannel.shutdownOutput();
      }
    } catch (IOException e) {
      // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error";
    };
  }

  private static boolean isHopByHop(String header) {
    String h = header.toLowerCase(java.util.Locale.ROOT);
    return h.equals("connection") || h.equals("upgrade") || h.equals("sec-websocket-accept")
        || h.equals("content-length") || h.equals("transfer-encoding");
  }

  private ThreadFactory threads(String role) {
    return DaemonThreads.named(threadPrefix + role);
  }

  /** Event settings; built on first use, once the WebSocket port is known. */
  private GatewayEvents.Api api() {
    GatewayEvents.Api a = api;
    if (a == null) {
      a = new GatewayEvents.Api(stage, apiId, LOOPBACK + ":" + sharedPort.port());
      api = a;
    }
    return a;
  }

  private void requireStarted() {
    if (!started || api == null) {
      throw new IllegalStateException("the emulator is not started");
    }
    if (closed) {
      throw new IllegalStateException("the emulator is closed");
    }
  }

  private static void awaitQuietly(ExecutorService executor, long millis) {
    try {
      if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
        executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Builds an emulator. Defaults are API Gateway's limits; ports default to 0 (ephemeral). */
  public static final class Builder {
    private int port;
    private int managementPort;
    private String stage = "local";
    private String apiId = "local";
    private LambdaFunction connectFunction;
    private LambdaFunction disconnectFunction;
    private LambdaFunction defaultFunction;
    private boolean defaultRouteResponse = true;
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Duration maxConnectionDuration = Duration.ofHours(2);
    private int maxFrameBytes = 32 * 1024;
    private int maxMessageBytes = 128 * 1024;
    private int executorThreads = 8;
    private int managementThreads;
    private ManagementFaults managementFaults = ManagementFaults.NONE;
    private final List<LocalHttpHandler> httpHandlers = new java.util.ArrayList<>();
    private int maxHttpBodyBytes = 10 * 1024 * 1024;
    private long parallelDefaultMs = -1;
    private long reorderSeed = 1;

    private Builder() {}

    /**
     * Runs a connection's {@code $default} (and {@code $disconnect}) invocations in parallel and out
     * of order, as API Gateway may: each waits a seeded random 0..{@code maxDelayMs} ms, then runs
     * on the function pool. A negative delay (the default) keeps one invocation at a time, in order.
     */
    public Builder parallelDefault(long maxDelayMs, long seed) {
      this.parallelDefaultMs = maxDelayMs;
      this.reorderSeed = seed;
      return this;
    }

    /**
     * Adds a handler of plain HTTP requests (no {@code Upgrade: websocket}) on the WebSocket port;
     * handlers are asked in the order added, the first answer wins, none answering means 404.
     */
    public Builder httpHandler(LocalHttpHandler handler) {
      httpHandlers.add(Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** Largest HTTP request body (default 10 MB, an HTTP API's limit); bigger answers 413. */
    public Builder maxHttpBodyBytes(int maxHttpBodyBytes) {
      if (maxHttpBodyBytes < 0) {
        throw new IllegalArgumentException("maxHttpBodyBytes must be >= 0, was " + maxHttpBodyBytes);
      }
      this.maxHttpBodyBytes = maxHttpBodyBytes;
      return this;
    }

    /** WebSocket port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = checkPort(port, "port");
      return this;
    }

    /** {@code @connections} management API port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder managementPort(int managementPort) {
      this.managementPort = checkPort(managementPort, "managementPort");
      return this;
    }

    /** Stage name (default {@code local}): in events and as the management endpoint's path. */
    public Builder stage(String stage) {
      Objects.requireNonNull(stage, "stage");
      if (stage.isEmpty() || stage.contains("/")) {
        throw new IllegalArgumentException("stage must be a non-empty path segment, was '" + stage + "'");
      }
      this.stage = stage;
      return this;
    }

    /** API id carried by events (default {@code local}). */
    public Builder apiId(String apiId) {
      this.apiId = Objects.requireNonNull(apiId, "apiId");
      return this;
    }

    /** The {@code $connect} function; without one every upgrade is accepted. */
    public Builder connectFunction(LambdaFunction function) {
      this.connectFunction = function;
      return this;
    }

    /** The {@code $disconnect} function; optional. */
    public Builder disconnectFunction(LambdaFunction function) {
      this.disconnectFunction = function;
      return this;
    }

    /**
     * The {@code $default} function; without one every message is answered with API Gateway's
     * {@code {"message": "Forbidden", ...}} frame.
     */
    public Builder defaultFunction(LambdaFunction function) {
      this.defaultFunction = function;
      return this;
    }

    /** Two-way route response on {@code $default} (default true): the response body goes back as a frame. */
    public Builder defaultRouteResponse(boolean enabled) {
      this.defaultRouteResponse = enabled;
      return this;
    }

    /** Close (1001) after this long without a client frame (default 10 minutes). */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = checkPositive(idleTimeout, "idleTimeout");
      return this;
    }

    /** Close (1001) connections this old (default 2 hours). */
    public Builder maxConnectionDuration(Duration maxConnectionDuration) {
      this.maxConnectionDuration = checkPositive(maxConnectionDuration, "maxConnectionDuration");
      return this;
    }

    /** Largest client text frame in UTF-8 bytes (default 32 KB); bigger closes with 1009. */
    public Builder maxFrameBytes(int maxFrameBytes) {
      if (maxFrameBytes < 1) {
        throw new IllegalArgumentException("maxFrameBytes must be >= 1, was " + maxFrameBytes);
      }
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    /**
     * Largest message in bytes (default 128 KB): a bigger fragmented client message closes with
     * 1009, a bigger {@code PostToConnection} payload answers 413.
     */
    public Builder maxMessageBytes(int maxMessageBytes) {
      if (maxMessageBytes < 1) {
        throw new IllegalArgumentException("maxMessageBytes must be >= 1, was " + maxMessageBytes);
      }
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** Threads that run function invocations, shared by all connections (default 8). */
    public Builder executorThreads(int executorThreads) {
      if (executorThreads < 1) {
        throw new IllegalArgumentException("executorThreads must be >= 1, was " + executorThreads);
      }
      this.executorThreads = executorThreads;
      return this;
    }

    /**
     * Worker threads for {@code @connections} calls whose {@link ManagementFaults} {@linkplain
     * ManagementFaults#mayBlock() may block}: calls in progress at once with such faults (default
     * 128, or twice {@link #executorThreads} when that is more). Without faults, or with
     * {@link RandomFaults}, calls are served on the management API's I/O threads and injected
     * latency holds no thread, so this does not bound a broadcast's concurrent posts.
     */
    public Builder managementThreads(int managementThreads) {
      if (managementThreads < 1) {
        throw new IllegalArgumentException("managementThreads must be >= 1, was " + managementThreads);
      }
      this.managementThreads = managementThreads;
      return this;
    }

    /** Fault and latency injection on the management API (default {@link ManagementFaults#NONE}). */
    public Builder managementFaults(ManagementFaults faults) {
      this.managementFaults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** A new, not yet started emulator. */
    public WebSocketGatewayEmulator build() {
      if (maxFrameBytes > maxMessageBytes) {
        throw new IllegalArgumentException("maxFrameBytes (" + maxFrameBytes
            + ") must not exceed maxMessageBytes (" + maxMessageBytes + ")");
      }
      return new WebSocketGatewayEmulator(this);
    }

    private static int checkPort(int port, String what) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(what + " must be 0..65535, was " + port);
      }
      return port;
    }

    private static Duration checkPositive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
