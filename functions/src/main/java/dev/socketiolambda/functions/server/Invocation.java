package dev.socketiolambda.functions.server;

import java.util.ArrayList;
import java.util.List;

/** One {@code $default} invocation: the connection it came from and the frames queued for that connection. */
final class Invocation {
  private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

  final String connectionId;
  final List<String> outbox = new ArrayList<>(2);
  boolean closed;

  Invocation(String connectionId) {
    this.connectionId = connectionId;
  }

  static Invocation current() {
    return CURRENT.get();
  }

  void enter() {
    CURRENT.set(this);
  }

  void exit() {
    CURRENT.remove();
  }

  /** Whether frames for this connection can go into the outbox (the route response) rather than a post. */
  static Invocation forConnection(String connectionId) {
    Invocation inv = CURRENT.get();
    return inv != null && !inv.closed && inv.connectionId.equals(connectionId) ? inv : null;
  }
}
