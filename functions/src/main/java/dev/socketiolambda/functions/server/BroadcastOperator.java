package dev.socketiolambda.functions.server;

import dev.socketiolambda.protocol.socketio.Packet;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A broadcast target: a namespace, rooms to include and exclude, as {@code io.to(a).except(b)}. Immutable. */
public final class BroadcastOperator {
  private final Invocation invocation;
  private final String namespace;
  private final Set<String> rooms;
  private final Set<String> except;
  private final String excludedConnection;
  private final boolean volatileEmit;

  BroadcastOperator(Invocation invocation, String namespace) {
    this(invocation, namespace, Set.of(), Set.of(), null, false);
  }

  private BroadcastOperator(Invocation invocation, String namespace, Set<String> rooms, Set<String> except,
      String excludedConnection, boolean volatileEmit) {
    this.invocation = invocation;
    this.namespace = namespace;
    this.rooms = rooms;
    this.except = except;
    this.excludedConnection = excludedConnection;
    this.volatileEmit = volatileEmit;
  }

  public BroadcastOperator to(String... more) {
    return new BroadcastOperator(invocation, namespace, plus(rooms, more), except, excludedConnection, volatileEmit);
  }

  public BroadcastOperator in(String... more) {
    return to(more);
  }

  public BroadcastOperator except(String... more) {
    return new BroadcastOperator(invocation, namespace, rooms, plus(except, more), excludedConnection, volatileEmit);
  }

  /** Deliveries that cannot be made at once are dropped instead of retried. */
  public BroadcastOperator volatileEmit() {
    return new BroadcastOperator(invocation, namespace, rooms, except, excludedConnection, true);
  }

  BroadcastOperator excludingSocket(String connectionId) {
    return new BroadcastOperator(invocation, namespace, rooms, except, connectionId, volatileEmit);
  }

  /** Sends the event to every socket targeted. */
  public void emit(String event, Object... args) {
    invocation.broadcast(target(), Packet.event(namespace, event, Args.of(args), null), volatileEmit);
  }

  /** Makes every targeted socket join the rooms. */
  public void socketsJoin(String... toJoin) {
    for (Socket s : fetchSockets()) {
      s.join(toJoin);
    }
  }

  /** Makes every targeted socket leave the rooms. */
  public void socketsLeave(String... toLeave) {
    for (Socket s : fetchSockets()) {
      s.leave(toLeave);
    }
  }

  /** Disconnects every targeted socket; with {@code close} their connections too. */
  public void disconnectSockets(boolean close) {
    for (Socket s : fetchSockets()) {
      s.disconnect(close);
    }
  }

  /** The targeted sockets, read from the store (their data is a snapshot). */
  public List<Socket> fetchSockets() {
    return invocation.fetchSockets(target());
  }

  Target target() {
    return new Target(namespace, rooms, except, excludedConnection);
  }

  /** Who a broadcast reaches. */
  record Target(String namespace, Set<String> rooms, Set<String> except, String excludedConnection) {}

  private static Set<String> plus(Set<String> base, String... more) {
    Set<String> out = new LinkedHashSet<>(base);
    out.addAll(Arrays.asList(more));
    return Set.copyOf(out);
  }
}
