package dev.socketiolambda.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.framing.CloseFrame;

/**
 * The {@code @connections} management API: {@code POST|GET|DELETE
 * [/{stage}]/@connections/{connectionId}}, answered as API Gateway answers, errors included
 * (status, {@code x-amzn-ErrorType} header, {@code {"message":...}} body), so the AWS SDK's
 * {@code ApiGatewayManagementApiClient} parses them into its typed exceptions.
 *
 * <p>One instance per HTTP connection, on the management server's I/O thread. Requests are served
 * there, without a thread handoff; injected latency ({@link ManagementFaults#latencyMillis}) is a
 * timer on that thread, not a sleeping thread. Faults that {@link ManagementFaults#mayBlock() may
 * block} are called on the management worker pool instead. A connection's requests are answered
 * one at a time, in order (pipelined ones included).
 */
final class ManagementApi extends ChannelInboundHandlerAdapter {
  private static final Pattern PATH = Pattern.compile("^(?:/([^/]+))?/@connections/([^/]+)/?$");

  private final WebSocketGatewayEmulator emulator;
  private final ManagementFaults faults;
  private final Executor blockingPool;

  // requests read but not answered yet (pipelining), answered one at a time, in order; event loop only
  private final java.util.ArrayDeque<Runnable> pending = new java.util.ArrayDeque<>();
  private boolean answering;
  // the request being read
  private HttpRequest request;
  private ByteArrayOutputStream body;
  private boolean bodyTooLarge;

  ManagementApi(WebSocketGatewayEmulator emulator, ManagementFaults faults, Executor blockingPool) {
    this.emulator = emulator;
    this.faults = faults;
    this.blockingPool = blockingPool;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest r) {
        request = r;
        body = new ByteArrayOutputStream();
        bodyTooLarge = false;
        if (HttpUtil.is100ContinueExpected(r)) {
          ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
      }
      if (msg instanceof HttpContent content && request != null) {
        ByteBuf data = content.content();
        // keep at most maxMessageBytes + 1: enough to know it is too large, never more in memory
        int room = emulator.maxMessageBytes() + 1 - body.size();
        int n = Math.min(room, data.readableBytes());
        if (n > 0) {
          byte[] bytes = new byte[n];
          data.getBytes(data.readerIndex(), bytes);
          body.write(bytes, 0, n);
        }
        if (data.readableBytes() > n) {
          bodyTooLarge = true;
        }
        if (content instanceof LastHttpContent) {
          HttpRequest complete = request;
          byte[] payload = body.toByteArray();
          boolean tooLarge = bodyTooLarge || payload.length > emulator.maxMessageBytes();
          request = null;
          body = null;
          // answer in order: read no more from this connection while a request waits for its answer
          ctx.channel().config().setAutoRead(false);
          pending.add(() -> serve(ctx, complete, payload, tooLarge));
          if (!answering) {
            next(ctx);
          }
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Serves the next pending request, or reads on when there is none. Event loop only. */
  private void next(ChannelHandlerContext ctx) {
    Runnable r = pending.poll();
    answering = r != null;
    if (r != null) {
      r.run();
    } else {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a client that went away, or a malformed request: drop the connection
    ctx.close();
  }

  private void serve(ChannelHandlerContext ctx, HttpRequest r, byte[] payload, boolean tooLarge) {
    String requestId = GatewayEvents.newId();
    boolean keepAlive = HttpUtil.isKeepAlive(r);
    Responder out = new Responder(ctx, requestId, keepAlive, () -> next(ctx));
    if (r.decoderResult().isFailure()) {
      out.error(400, "BadRequestException", "Bad request");
      return;
    }
    Matcher m = PATH.matcher(decodedPath(r.uri()));
    if (!m.matches() || (m.group(1) != null && !m.group(1).equals(emulator.stage()))) {
      out.error(ManagementFaults.Fault.forbidden());
      return;
    }
    String connectionId = m.group(2);
    ManagementFaults.Operation operation;
    switch (r.method().name()) {
      case "POST" -> operation = ManagementFaults.Operation.POST_TO_CONNECTION;
      case "GET" -> operation = ManagementFaults.Operation.GET_CONNECTION;
      case "DELETE" -> operation = ManagementFaults.Operation.DELETE_CONNECTION;
      default -> {
        out.error(ManagementFaults.Fault.forbidden());
        return;
      }
    }
    Runnable answer = () -> answer(out, operation, connectionId, payload, tooLarge);
    Runnable dispatch = faults.mayBlock() ? () -> onPool(out, answer) : answer;
    long delay;
    try {
      delay = faults.latencyMillis(operation, connectionId);
    } catch (RuntimeException e) {
      GatewayLog.error("management API fault injection failed", e);
      out.error(ManagementFaults.Fault.internalError());
      return;
    }
    if (delay > 0) {
      ctx.executor().schedule(dispatch, delay, TimeUnit.MILLISECONDS);
    } else {
      dispatch.run();
    }
  }

  private void onPool(Responder out, Runnable answer) {
    try {
      blockingPool.execute(answer);
    } catch (RejectedExecutionException e) {
      out.error(ManagementFaults.Fault.internalError()); // closing
    }
  }

  private void answer(Responder out, ManagementFaults.Operation operation, String connectionId, byte[] payload,
      boolean tooLarge) {
    try {
      ManagementFaults.Fault fault = faults.before(operation, connectionId);
      if (fault != null) {
        out.error(fault);
        return;
      }
      GatewayConnection connection = emulator.openConnection(connectionId);
      switch (operation) {
        case POST_TO_CONNECTION -> post(out, connection, payload, tooLarge);
        case GET_CONNECTION -> get(out, connection);
        case DELETE_CONNECTION -> delete(out, connection);
        default -> throw new IllegalStateException(operation.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.error(ManagementFaults.Fault.internalError());
    } catch (RuntimeException e) {
      GatewayLog.error("management API request failed", e);
      out.error(ManagementFaults.Fault.internalError());
    }
  }

  private void post(Responder out, GatewayConnection connection, byte[] payload, boolean tooLarge) {
    if (tooLarge) {
      out.error(413, "PayloadTooLargeException", "Message too long");
      return;
    }
    if (connection == null || !emulator.send(connection, new String(payload, StandardCharsets.UTF_8))) {
      out.gone();
      return;
    }
    out.send(HttpResponseStatus.OK, null);
  }

  private void get(Responder out, GatewayConnection connection) {
    if (connection == null) {
      out.gone();
      return;
    }
    ObjectNode body = GatewayEvents.MAPPER.createObjectNode();
    body.put("connectedAt", GatewayEvents.ISO_MILLIS.format(Instant.ofEpochMilli(connection.connectedAt())));
    ObjectNode identity = body.putObject("identity");
    identity.put("sourceIp", connection.sourceIp());
    if (connection.userAgent() != null) {
      identity.put("userAgent", connection.userAgent());
    }
    body.put("lastActiveAt", GatewayEvents.ISO_MILLIS.format(Instant.ofEpochMilli(connection.lastActiveAt())));
    out.send(HttpResponseStatus.OK, GatewayEvents.write(body));
  }

  private void delete(Responder out, GatewayConnection connection) {
    if (connection == null || !emulator.closeByServer(connection, CloseFrame.NORMAL, "")) {
      out.gone();
      return;
    }
    out.send(HttpResponseStatus.NO_CONTENT, null);
  }

  /** The path with %XX decoded (as {@link URI#getPath()}; '+' stays '+'), or "" when malformed. */
  static String decodedPath(String uri) {
    try {
      String path = new URI(uri).getPath();
      return path == null ? "" : path;
    } catch (URISyntaxException e) {
      return "";
    }
  }

  /** Writes the one response of a request, from any thread, then reads the connection's next request. */
  private static final class Responder {
    private final ChannelHandlerContext ctx;
    private final String requestId;
    private final boolean keepAlive;
    private final Runnable answered;

    Responder(ChannelHandlerContext ctx, String requestId, boolean keepAlive, Runnable answered) {
      this.ctx = ctx;
      this.requestId = requestId;
      this.keepAlive = keepAlive;
      this.answered = answered;
    }

    void gone() {
      error(410, "GoneException", null);
    }

    void error(ManagementFaults.Fault fault) {
      error(fault.statusCode(), fault.errorType(), fault.message());
    }

    void error(int status, String errorType, String message) {
      FullHttpResponse response = response(HttpResponseStatus.valueOf(status), GatewayEvents.messageBody(message));
      response.headers().set("x-amzn-ErrorType", errorType);
      write(response);
    }

    void send(HttpResponseStatus status, String json) {
      write(response(status, json));
    }

    private FullHttpResponse response(HttpResponseStatus status, String json) {
      ByteBuf content = json == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
      response.headers().set("x-amzn-RequestId", requestId);
      if (json != null) {
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      }
      if (status.code() != 204) {
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
      }
      if (!keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      return response;
    }

    private void write(FullHttpResponse response) {
      if (keepAlive) {
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
          if (f.isSuccess()) {
            answered.run(); // on the event loop
          } else {
            f.channel().close();
          }
        });
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
