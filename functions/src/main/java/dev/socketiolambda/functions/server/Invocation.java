package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.Outbox;

/** One {@code $default} invocation: the connection it came from, the frames queued for it, its deadline. */
final class Invocation {
  private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

  final Outbox outbox;
  final long deadline;

  Invocation(Outbox outbox, long deadline) {
    this.outbox = outbox;
    this.deadline = deadline;
  }

  String connectionId() {
    return outbox.connectionId();
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
    return inv != null && inv.outbox.accepts(connectionId) ? inv : null;
  }
}
