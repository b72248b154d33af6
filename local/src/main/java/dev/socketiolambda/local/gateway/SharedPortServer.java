package dev.socketiolambda.local.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * The emulator's public port, shared as one API domain behind CloudFront would be: a request with
 * {@code Upgrade: websocket} is relayed byte for byte to the WebSocket emulator's internal port;
 * any other request goes to the HTTP side, whose {@link LocalHttpHandler}s are asked in order
 * (a long-polling transport goes first, then routes and assets); none answering means 404.
 * HTTP requests run on a worker pool, so handlers may block; connections are kept alive.
 */
final class SharedPortServer implements AutoCloseable {
  /** The largest request head read before deciding where a connection goes. */
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final List<LocalHttpHandler> handlers;
  private final ExecutorService workers;
  private final int maxBodyBytes;
  private final InetSocketAddress websocketBackend;
  private final EventLoopGroup loop;
  private final Channel server;
  private final int port;

  SharedPortServer(InetSocketAddress bind, InetSocketAddress websocketBackend, List<LocalHttpHandler> handlers,
      ExecutorService workers, int maxBodyBytes, ThreadFactory ioThreads) {
    this.handlers = handlers; // the emulator's live list: handlers may be added while serving
    this.workers = workers;
    this.maxBodyBytes = maxBodyBytes;
    this.websocketBackend = websocketBackend;
    this.loop = new NioEventLoopGroup(2, ioThreads);
    ChannelFuture bound = new ServerBootstrap()
        .group(loop)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.AUTO_READ, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new Unification());
          }
        })
        .bind(bind)
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
      throw new java.io.UncheckedIOException("cannot bind " + bind + ": " + bound.cause().getMessage(),
          new java.io.IOException(bound.cause()));
    }
    this.server = bound.channel();
    this.port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  int port() {
    return port;
  }

  /** Stops accepting connections; open ones keep relaying (so WebSocket close frames still pass). */
  void stopAccepting() {
    server.close().syncUninterruptibly();
  }

  @Override
  public void close() {
    stopAccepting();
    // a short quiet period lets the relays flush the close frames just written
    loop.shutdownGracefully(100, 2000, java.util.concurrent.TimeUnit.MILLISECONDS).awaitUninterruptibly(3000);
  }

  /** Reads the first request head and sends the connection to the WebSocket relay or the HTTP side. */
  private final class Unification extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      int end = ByteBufUtil.indexOf(Unpooled.wrappedBuffer(new byte[] {'\r', '\n', '\r', '\n'}), in);
      if (end < 0) {
        if (in.readableBytes() > MAX_HEAD_BYTES) {
          in.skipBytes(in.readableBytes());
          ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 431 Request Header Fields Too Large\r\n"
              + "Content-Length: 0\r\nConnection: close\r\n\r\n", StandardCharsets.ISO_8859_1))
              .addListener(ChannelFutureListener.CLOSE);
        }
        return;
      }
      String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
      if (isWebSocketUpgrade(head)) {
        ctx.pipeline().addLast(new Relay(websocketBackend));
      } else {
        ctx.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(maxBodyBytes), new HttpSide());
      }
      ctx.pipeline().remove(this); // hands the bytes read so far to the handlers just added
    }
  }

  static boolean isWebSocketUpgrade(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("upgrade")
          && line.substring(colon + 1).toLowerCase(Locale.ROOT).contains("websocket")) {
        return true;
      }
    }
    return false;
  }

  /** Relays a WebSocket connection to the internal WebSocket port, with back-pressure both ways. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final InetSocketAddress backendAddress;
    private final List<Object> pending = new ArrayList<>();
    private Channel backend;

    Relay(InetSocketAddress backendAddress) {
      this.backendAddress = backendAddress;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      Channel front = ctx.channel();
      front.config().setAutoRead(false);
      ChannelFuture connect = new Bootstrap()
          .group(front.eventLoop())
          .channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext bctx, Object msg) {
              front.writeAndFlush(msg);
              if (!front.isWritable()) {
                bctx.channel().config().setAutoRead(false);
              }
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext bctx) {
              front.config().setAutoRead(bctx.channel().isWritable());
            }

            @Override
            public void channelInactive(ChannelHandlerContext bctx) {
              closeOnFlush(front);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext bctx, Throwable cause) {
              closeOnFlush(bctx.channel());
            }
          })
          .connect(backendAddress);
      backend = connect.channel();
      connect.addListener((ChannelFutureListener) f -> {
        if (!f.isSuccess()) {
          pending.forEach(io.netty.util.ReferenceCountUtil::release);
          pending.clear();
          front.close();
          return;
        }
        pending.forEach(backend::write);
        pending.clear();
        backend.flush();
        front.config().setAutoRead(true);
      });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!backend.isActive()) {
        pending.add(msg);
        return;
      }
      backend.writeAndFlush(msg);
      if (!backend.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (backend != null) {
        backend.config().setAutoRead(ctx.channel().isWritable());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      pending.forEach(io.netty.util.ReferenceCountUtil::release);
      pending.clear();
      if (backend != null) {
        closeOnFlush(backend);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeOnFlush(ctx.channel());
    }

    private static void closeOnFlush(Channel ch) {
      if (ch.isActive()) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /** Serves plain HTTP requests through the handlers, on the worker pool. */
  private final class HttpSide extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
      boolean keepAlive = HttpUtil.isKeepAlive(msg);
      if (!msg.decoderResult().isSuccess()) {
        write(ctx, LocalHttpResponse.gatewayMessage(400, "Bad Request"), false, false);
        return;
      }
      boolean head = msg.method().name().equals("HEAD");
      if (isWebSocketUpgrade("upgrade: " + msg.headers().get(HttpHeaderNames.UPGRADE, ""))) {
        // the connection already speaks plain HTTP: a WebSocket needs a fresh one
        write(ctx, LocalHttpResponse.gatewayMessage(400, "Open WebSocket connections on a new TCP connection"),
            false, false);
        return;
      }
      LocalHttpRequest request = toRequest(ctx, msg);
      try {
        workers.execute(() -> write(ctx, answer(request), keepAlive, head));
      } catch (RejectedExecutionException closing) {
        write(ctx, LocalHttpResponse.gatewayMessage(503, "Service Unavailable"), false, false);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private LocalHttpResponse answer(LocalHttpRequest request) {
    for (LocalHttpHandler handler : handlers) {
      try {
        LocalHttpResponse r = handler.handle(request);
        if (r != null) {
          return r;
        }
      } catch (Throwable t) {
        GatewayLog.error("HTTP " + request.method() + " " + request.rawPath() + " failed", t);
        return LocalHttpResponse.gatewayMessage(500, "Internal Server Error");
      }
    }
    return LocalHttpResponse.gatewayMessage(404, "Not Found");
  }

  private static LocalHttpRequest toRequest(ChannelHandlerContext ctx, FullHttpRequest msg) {
    String uri = msg.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.startsWith("http://") || path.startsWith("https://")) {
      int slash = path.indexOf('/', path.indexOf("//") + 2);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    msg.headers().forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue())));
    byte[] body = ByteBufUtil.getBytes(msg.content());
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
    return new LocalHttpRequest(msg.method().name(), path.isEmpty() ? "/" : path, q < 0 ? "" : uri.substring(q + 1),
        msg.protocolVersion().text(), headers, body, remote.getAddress().getHostAddress(),
        local.getAddress().getHostAddress() + ":" + local.getPort());
  }

  private static void write(ChannelHandlerContext ctx, LocalHttpResponse r, boolean keepAlive, boolean head) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(r.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
    r.headers().forEach(h -> response.headers().add(h.getKey(), h.getValue()));
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    response.headers().set(HttpHeaderNames.CONNECTION,
        keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    ChannelFuture f = ctx.writeAndFlush(response);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
