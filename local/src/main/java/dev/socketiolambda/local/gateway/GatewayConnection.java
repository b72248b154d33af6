package dev.socketiolambda.local.gateway;

import java.util.concurrent.atomic.AtomicBoolean;
import org.java_websocket.WebSocket;

/** One emulated API Gateway connection: its id, socket, timestamps and lifecycle state. */
final class GatewayConnection {

  /** Lifecycle: $connect running, open, closing (close frame sent), closed. */
  enum State {
    CONNECTING,
    OPEN,
    CLOSING,
    CLOSED
  }

  private final String id;
  private final WebSocket socket;
  private final long connectedAt;
  private final String sourceIp;
  private final String userAgent;
  private final java.util.concurrent.Executor invocations;
  private final AtomicBoolean disconnectDispatched = new AtomicBoolean();
  private volatile State state = State.CONNECTING;
  private volatile long lastActiveAt;
  private volatile long lastFrameSentNanos;
  private volatile long closeRequestedAt;
  private volatile int closeCode;
  private volatile String closeReason;

  GatewayConnection(
      String id, WebSocket socket, long connectedAt, String sourceIp, String userAgent,
      java.util.concurrent.Executor invocations) {
    this.id = id;
    this.socket = socket;
    this.connectedAt = connectedAt;
    this.lastActiveAt = connectedAt;
    this.sourceIp = sourceIp;
    this.userAgent = userAgent;
    this.invocations = invocations;
  }

  String id() {
    return id;
  }

  WebSocket socket() {
    return socket;
  }

  long connectedAt() {
    return connectedAt;
  }

  String sourceIp() {
    return sourceIp;
  }

  String userAgent() {
    return userAgent;
  }

  /** When the last frame to the client was handed to the socket ({@link System#nanoTime()}), 0 if none. */
  long lastFrameSentNanos() {
    return lastFrameSentNanos;
  }

  void frameSent() {
    lastFrameSentNanos = System.nanoTime();
  }

  java.util.concurrent.Executor invocations() {
    return invocations;
  }

  State state() {
    return state;
  }

  long lastActiveAt() {
    return lastActiveAt;
  }

  void touch(long now) {
    lastActiveAt = now;
  }

  void opened(long now) {
    if (state == State.CONNECTING) {
      state = State.OPEN;
      lastActiveAt = now;
    }
  }

  /** True when frames can be posted to this connection. */
  boolean isOpen() {
    return state == State.OPEN && socket.isOpen();
  }

  /**
   * Starts a server-side close once. Returns false when a close was already requested or the
   * connection is not open.
   */
  synchronized boolean requestClose(int code, String reason, long now) {
    if (state != State.OPEN) {
      return false;
    }
    state = State.CLOSING;
    closeRequestedAt = now;
    closeCode = code;
    closeReason = reason;
    socket.close(code, reason);
    return true;
  }

  long closeRequestedAt() {
    return closeRequestedAt;
  }

  int closeCode() {
    return closeCode;
  }

  String closeReason() {
    return closeReason;
  }

  void closed() {
    state = State.CLOSED;
  }

  /** True the first time only: $disconnect is invoked at most once. */
  boolean claimDisconnect() {
    return disconnectDispatched.compareAndSet(false, true);
  }
}
