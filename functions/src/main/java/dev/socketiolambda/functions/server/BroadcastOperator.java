package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.recovery.Recovery;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one broadcast builder, as {@code io.to(a).except(b)} in Node: from socket listeners
 * ({@link Socket#to}, {@link Namespace#to}), from code outside them ({@link Emitter}) and for stream
 * broadcasts. Immutable.
 */
public final class BroadcastOperator {
  private final Invocation invocation;
  private final String namespace;
  private final Set<String> rooms;
  private final Set<String> except;
  private final String excludedConnection;
  private final boolean volatileEmit;
  private final String eventId;

  BroadcastOperator(Invocation invocation, String namespace) {
    this(invocation, namespace, Set.of(), Set.of(), null, false, null);
  }

  private BroadcastOperator(Invocation invocation, String namespace, Set<String> rooms, Set<String> except,
      String excludedConnection, boolean volatileEmit, String eventId) {
    this.invocation = invocation;
    this.namespace = namespace;
    this.rooms = rooms;
    this.except = except;
    this.excludedConnection = excludedConnection;
    this.volatileEmit = volatileEmit;
    this.eventId = eventId;
  }

  private BroadcastOperator with(Set<String> rooms, Set<String> except, String excluded, boolean vol, String id) {
    return new BroadcastOperator(invocation, namespace, rooms, except, excluded, vol, id);
  }

  public BroadcastOperator to(String... more) {
    return with(plus(rooms, more), except, excludedConnection, volatileEmit, eventId);
  }

  public BroadcastOperator in(String... more) {
    return to(more);
  }

  public BroadcastOperator except(String... more) {
    return with(rooms, plus(except, more), excludedConnection, volatileEmit, eventId);
  }

  /** Deliveries that cannot be made at once are dropped instead of retried. */
  public BroadcastOperator volatileEmit() {
    return with(rooms, except, excludedConnection, true, eventId);
  }

  /** Identifies this broadcast across retries (e.g. the stream record id). */
  public BroadcastOperator eventId(String id) {
    return with(rooms, except, excludedConnection, volatileEmit, id);
  }

  BroadcastOperator excludingSocket(String connectionId) {
    return with(rooms, except, connectionId, volatileEmit, eventId);
  }

  /**
   * Sends the event to every socket targeted; the arguments follow {@link Args}. Every broadcast
   * passes here.
   *
   * @throws dev.socketiolambda.functions.delivery.MessageTooLargeException when the event is over
   *     the message size limit (nothing is sent)
   */
  public BroadcastResult emit(String event, Object... args) {
    List<JsonNode> given = Args.of(args);
    List<String> frames = recoverable(invocation, namespace, rooms, except, excludedConnection, volatileEmit,
        event, given);
    BroadcastResult r = invocation.broadcast(new BroadcastRequest(namespace, rooms, except,
        excludedConnection, frames, volatileEmit, eventId));
    invocation.tap(t -> t.broadcastSent(this, event, given));
    return r == null ? BroadcastResult.NONE : r;
  }

  /**
   * The one place where connection state recovery attaches: with recovery on, a non-volatile event
   * is logged once for its target and its offset becomes the last argument; else it is encoded as
   * it is. Returns the frames every recipient gets.
   */
  static List<String> recoverable(Invocation invocation, String namespace, Set<String> rooms, Set<String> except,
      String excludedConnection, boolean volatileEmit, String event, List<JsonNode> args) {
    Recovery recovery = volatileEmit ? null : invocation.recovery();
    if (recovery == null) {
      return SocketIoEncoder.encode(Packet.event(namespace, event, args, null)).engineFrames();
    }
    return recovery.log(namespace, rooms, except, excludedConnection, invocation.now(),
        offset -> SocketIoEncoder.encode(Packet.event(namespace, event, withOffset(args, offset), null)).engineFrames());
  }

  /**
   * The arguments of an event emitted to one socket ({@code socket.emit}): with recovery on it is
   * logged for the socket's own room (as socket.io does) and carries its offset last.
   */
  static List<JsonNode> recoverableArgs(Invocation invocation, String namespace, String sid, String event,
      List<JsonNode> args) {
    Recovery recovery = invocation.recovery();
    if (recovery == null) {
      return args;
    }
    List<List<JsonNode>> sent = new ArrayList<>(1);
    recovery.log(namespace, Set.of(sid), Set.of(), null, invocation.now(), offset -> {
      sent.add(withOffset(args, offset));
      return SocketIoEncoder.encode(Packet.event(namespace, event, sent.get(0), null)).engineFrames();
    });
    return sent.get(0);
  }

  private static List<JsonNode> withOffset(List<JsonNode> args, String offset) {
    List<JsonNode> out = new ArrayList<>(args);
    out.add(TextNode.valueOf(offset));
    return out;
  }

  /** The namespace whose sockets are targeted. */
  public String namespace() {
    return namespace;
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

  /** The targeted sockets, read from the store (id, rooms, data, handshake; data is a snapshot). */
  public List<Socket> fetchSockets() {
    return invocation.fetchSockets(target());
  }

  /**
   * How many sockets are targeted. One room or the whole namespace (no exceptions) is counted by
   * the store without reading the rows (DynamoDB: a {@code Select.COUNT} query); other targets
   * resolve their members.
   */
  public int countSockets() {
    return invocation.countSockets(target());
  }

  /** How many of the targeted sockets are on long-polling sessions, counted as {@link #countSockets()} counts. */
  public int countPollingSockets() {
    return invocation.countPollingSockets(target());
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
