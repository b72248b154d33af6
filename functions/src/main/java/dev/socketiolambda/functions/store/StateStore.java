package dev.socketiolambda.functions.store;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the runtime keeps between invocations: connections, namespace sockets, room
 * membership (both directions), pending acks and partial binary packets. Implemented over
 * DynamoDB and in memory for tests.
 */
public interface StateStore extends Counters {

  void putConnection(ConnectionRecord connection);

  /** Strongly consistent read of a connection. */
  Optional<ConnectionRecord> getConnection(String connectionId);

  /**
   * Which of these connections still have their row: a connection the runtime removed ({@code $disconnect},
   * a 410 from API Gateway, a ping or connect timeout, the heartbeat's sweep) or whose rows expired
   * is not in the result. Strongly consistent.
   */
  default Set<String> existingConnections(Collection<String> connectionIds) {
    Set<String> out = new LinkedHashSet<>();
    for (String id : new LinkedHashSet<>(connectionIds)) {
      getConnection(id).ifPresent(c -> out.add(id));
    }
    return out;
  }

  /**
   * Records a pong received at {@code at}: only {@code lastPongAt}, which no index keys (one write
   * unit). The heartbeat reads it when the connection is next due ({@link #recordScheduledPing}).
   */
  void recordPong(String connectionId, long at);

  /**
   * Records a ping sent at {@code at} to a connection still waiting for its first CONNECT: it is due
   * again at {@code nextDueAt} (the next ping, or the connect deadline), a time-bucketed row.
   */
  void recordPing(String connectionId, long at, long nextDueAt);

  /**
   * Records a ping at {@code at} to a connection whose first CONNECT came: it is due every
   * {@code pingInterval} on the phase of {@code nextPingAt} ({@link #duePings}), when the heartbeat
   * sends the next ping if a pong came since this one, or closes it if none did. A row already on that
   * phase gets only {@code lastPingAt} (one write unit); another is put on the phase once. The heartbeat
   * calls it only when the ping moves the phase or must be remembered; its other pings on the phase
   * write nothing.
   */
  void recordScheduledPing(String connectionId, long at, long nextPingAt, long pingInterval);

  /**
   * Marks that a CONNECT arrived (clears the connect deadline), puts the connection on the ping phase
   * of {@code nextDueAt} (due every {@code pingInterval} from then) and replaces the stored request
   * headers and query with the ones kept past the CONNECT (one write), only while the connection's
   * last ping is still the one the caller read ({@code seenLastPingAt}): a ping sent meanwhile set a
   * due time that {@code nextDueAt} does not know.
   *
   * @return false (nothing written) when a ping was sent since, or the connection is gone
   */
  boolean clearConnectDeadline(String connectionId, long seenLastPingAt, long nextDueAt, long pingInterval,
      Map<String, String> keptHeaders, Map<String, List<String>> keptQuery);

  /**
   * Creates the socket row and its room memberships (the rooms in the record) in one transaction,
   * only while the connection exists and is not closing ({@link #markClosing}).
   *
   * @return false (nothing written) when the connection is gone or closing, or the socket exists
   */
  default boolean putSocket(SocketRecord socket) {
    return putSocket(socket, 0) == SocketPut.CREATED;
  }

  /**
   * Creates the socket row, never over an existing one (a socket still being disconnected, or one a
   * parallel CONNECT made), and its room memberships, as {@link #putSocket(SocketRecord)}; the row
   * records {@code connectReceivedAt}, when API Gateway received the CONNECT frame, which a client's
   * DISCONNECT received before it cannot end ({@link #claimSocket(String, String, String, long)}).
   */
  SocketPut putSocket(SocketRecord socket, long connectReceivedAt);

  /** What {@link #putSocket(SocketRecord, long)} did. */
  enum SocketPut {
    CREATED,
    /** Nothing written: the connection is gone or closing. */
    CONNECTION_GONE,
    /** Nothing written: the connection has a socket in that namespace already. */
    SOCKET_EXISTS
  }

  /**
   * Answers a CONNECT received at {@code connectReceivedAt} with the socket the connection already
   * has in the namespace: records that time on it unless a later CONNECT's is there (one
   * conditional write), so that a client DISCONNECT received earlier, handled after, leaves it.
   *
   * @return the socket, empty when there is none or it is claimed (its disconnect is under way)
   */
  Optional<SocketRecord> answerConnect(String connectionId, String namespace, long connectReceivedAt);

  /**
   * Marks the connection as closing before its rows are read for cleanup: from then on no socket
   * can be created on it ({@link #putSocket}), so cleanup cannot miss one. Idempotent.
   */
  void markClosing(String connectionId);

  /** How long a claim keeps {@link #deleteConnection(String, String)} off a socket: longer than any invocation lives. */
  long CLAIM_LIFETIME_MS = 15 * 60_000;

  /**
   * Claims a socket for its disconnect: the one caller that claims it runs its disconnect listeners
   * (a retry with the same token claims again; another token does not). A claimed socket joins no
   * more rooms, so the returned record's rooms name every membership row it has. The claim records
   * its time (the store's clock, same write), so a claim whose caller died stops protecting the
   * socket from cleanup after {@link #CLAIM_LIFETIME_MS}.
   *
   * @return the socket as claimed, empty when it is gone or claimed by another caller
   */
  default Optional<SocketRecord> claimSocket(String connectionId, String namespace, String token) {
    return claimSocket(connectionId, namespace, token, Long.MAX_VALUE);
  }

  /**
   * {@link #claimSocket(String, String, String)} for a client's DISCONNECT that API Gateway received at
   * {@code disconnectReceivedAt}: empty also when a CONNECT received after it made the socket
   * ({@link #putSocket(SocketRecord, long)}), or one received at or after it was answered with the socket
   * ({@link #answerConnect}): frames of one connection may be handled in parallel and out of order, and
   * the client is connected after both. (A client sends a socket's DISCONNECT only once the CONNECT that
   * made it was answered, so one received in the same millisecond is for that socket; a CONNECT answered
   * with an existing socket may have been sent right after a DISCONNECT of it, in the same millisecond.)
   */
  Optional<SocketRecord> claimSocket(String connectionId, String namespace, String token, long disconnectReceivedAt);

  /** Strongly consistent read of the socket of a connection in a namespace. */
  Optional<SocketRecord> getSocket(String connectionId, String namespace);

  /** All sockets of a connection. */
  List<SocketRecord> socketsOf(String connectionId);

  /** Removes a socket's memberships, then the socket row (a failure part-way leaves the row naming the rest). */
  void deleteSocket(SocketRecord socket);

  /** Writes {@code socket.data} unconditionally (last writer wins; prefer {@link #replaceSocketData}). */
  void updateSocketData(String connectionId, String namespace, String dataJson);

  /**
   * Writes {@code socket.data} only if the stored value is still {@code expectedJson} (one
   * conditional write: parallel invocations of one connection cannot overwrite each other's changes).
   *
   * @return {@link DataWrite#written()} when written, else the value found instead (empty when the
   *     socket is gone)
   */
  DataWrite replaceSocketData(String connectionId, String namespace, String expectedJson, String dataJson);

  /** What {@link #replaceSocketData} did: written, or the value another writer left, or the socket is gone. */
  record DataWrite(boolean written, Optional<String> current) {
    public static DataWrite ok() {
      return new DataWrite(true, Optional.empty());
    }

    public static DataWrite conflict(String current) {
      return new DataWrite(false, Optional.of(current));
    }

    public static DataWrite gone() {
      return new DataWrite(false, Optional.empty());
    }
  }

  /** Adds the socket to rooms, both directions in one transaction; nothing when the socket is gone or claimed. */
  void join(SocketRecord socket, Collection<String> rooms);

  /** Removes the socket from rooms (both directions). */
  void leave(SocketRecord socket, Collection<String> rooms);

  /** Members of a room of a namespace (strongly consistent, all pages). */
  List<Member> members(String namespace, String room);

  /** How many sockets a room (or, with room "", the namespace) has, without reading them where the store can. */
  default int countMembers(String namespace, String room) {
    return members(namespace, room).size();
  }

  /** How many members of a room have a connection id that starts with {@code connectionIdPrefix}, as {@link #countMembers}. */
  default int countMembers(String namespace, String room, String connectionIdPrefix) {
    if (connectionIdPrefix.isEmpty()) {
      return countMembers(namespace, room);
    }
    return (int) members(namespace, room).stream().filter(m -> m.connectionId().startsWith(connectionIdPrefix)).count();
  }

  void putAck(PendingAck ack);

  /**
   * Stores a pending ack only while the row of its socket (its connection and namespace) exists, in
   * one transaction (condition check + put): an ack is never left under a connection its socket
   * moved away from (an upgrade) or left.
   *
   * @return false (nothing written) when the socket row is gone
   */
  boolean putAckWhileSocket(PendingAck ack);

  /** Removes and returns a pending ack (atomic take: a reply is handled once). */
  Optional<PendingAck> takeAck(String connectionId, long ackId);

  /** The pending acks of a connection (strongly consistent, all pages): what an upgrade moves. */
  List<PendingAck> acksOf(String connectionId);

  /**
   * Stores one part of a binary packet (a header or an attachment) in a row of its own.
   *
   * @return the part as stored (with its sequence number), empty when the connection is gone
   */
  Optional<BinaryPart> addBinaryPart(String connectionId, long receivedAt, String headerText, byte[] attachment);

  /** The binary parts waiting on a connection, ordered by {@code (receivedAt, seq)} (strongly consistent). */
  List<BinaryPart> binaryParts(String connectionId);

  /**
   * Removes the parts of one packet for the caller that reassembles it: true when this caller removed
   * the first part (so exactly one of several racing invocations dispatches the packet).
   */
  boolean claimBinaryParts(String connectionId, List<BinaryPart> parts);

  /**
   * Time-bucketed connections (before their first CONNECT) and acks whose due time is at or before
   * {@code now}; connections on a ping phase are found by {@link #duePings}.
   */
  List<DueItem> due(long now);

  /**
   * Connections on a ping phase of {@code pingInterval} with a time on it in {@code (sinceMs, now]}
   * (at most one interval back), each with the last such time as its due time; it may also return
   * one whose row ({@link ConnectionRecord#dueAt()}: its first time on the phase is later) says it is
   * not due yet.
   */
  List<DueItem> duePings(long sinceMs, long now, long pingInterval);

  /**
   * Due connections and acks whose due time is after {@code sinceMs}, however far back (a store
   * with a bounded look-back clamps it to its rows' lifetime), and at least what {@link #due(long)}
   * finds: the heartbeat's sweep, which finds what fell behind the usual window, and a tick resuming
   * where a long or late one stopped. By default, {@link #due(long)} (a store without one).
   */
  default List<DueItem> due(long sinceMs, long now) {
    return due(now);
  }

  /** {@link #deleteConnection(String, String)} for a caller that claimed none of the connection's sockets. */
  default void deleteConnection(String connectionId) {
    deleteConnection(connectionId, null);
  }

  /**
   * Removes the connection and every row that belongs to it (sockets, memberships, acks, binary
   * state); the connection row goes last, so a failure part-way leaves it for the heartbeat to find
   * and clean up again.
   *
   * <p>A socket claimed by another caller ({@link #claimSocket}) less than {@link #CLAIM_LIFETIME_MS}
   * ago stays with its memberships: its claimer deletes it after running its listeners, and may
   * still be retrying a claim whose answer was lost, which must find the row. The connection row then
   * stays too (closing, so no socket is added), and the heartbeat, which finds connections by their
   * due time, comes back to it (a 410 or a timeout) and removes what is left. The sockets claimed
   * with {@code claimToken} go, and so do unclaimed ones (unless a claim lands before their delete)
   * and those of an older claim, whose claimer died without deleting them.
   *
   * @param claimToken the token the caller claimed sockets of this connection with, or null
   */
  void deleteConnection(String connectionId, String claimToken);
}
