package dev.socketiolambda.local.gateway;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/** The Java-WebSocket server behind the emulator: forwards every callback to the emulator. */
final class GatewayServer extends WebSocketServer {
  private final WebSocketGatewayEmulator emulator;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Exception startFailure;

  GatewayServer(
      WebSocketGatewayEmulator emulator, InetSocketAddress address, int decoders, Draft draft) {
    super(address, decoders, List.of(draft));
    this.emulator = emulator;
    setReuseAddr(true);
    setTcpNoDelay(true);
    // API Gateway never pings clients; idle and max-duration limits are enforced by the emulator.
    setConnectionLostTimeout(0);
  }

  CountDownLatch startedLatch() {
    return started;
  }

  Exception startFailure() {
    return startFailure;
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    return emulator.onHandshake(conn, request);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    emulator.onOpen(conn);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    emulator.onClose(conn, code, reason, remote);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    emulator.onText(conn, message);
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    // GatewayDraft already refuses binary frames; this is a safety net.
    conn.close(CloseFrame.REFUSE, "Binary frames are not supported");
  }

  @Override
  public void onWebsocketPing(WebSocket conn, Framedata f) {
    emulator.onClientFrame(conn);
    super.onWebsocketPing(conn, f);
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata f) {
    emulator.onClientFrame(conn);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null && started.getCount() > 0) {
      startFailure = ex;
      started.countDown();
      return;
    }
    if (ex instanceof InvalidDataException) {
      return; // protocol violations (binary frame, frame too big): the close code says it all
    }
    GatewayLog.error("WebSocket error" + (conn == null ? "" : " on " + conn.getRemoteSocketAddress()), ex);
  }

  @Override
  public void onStart() {
    started.countDown();
  }
}
