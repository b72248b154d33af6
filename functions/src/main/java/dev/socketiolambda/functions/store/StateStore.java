package dev.socketiolambda.functions.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Everything the runtime keeps between invocations: connections, namespace sockets, room
 * membership (both directions), pending acks and partial binary packets. Implemented over
 * DynamoDB and in memory for tests.
 */
public interface StateStore {

  void putConnection(ConnectionRecord connection);

  /** Strongly consistent read of a connection. */
  Optional<ConnectionRecord> getConnection(String connectionId);

  /** Records a pong and when the next ping is due. */
  void recordPong(String connectionId, long at, long nextDueAt);

  /** Records a ping sent and when the connection is next due. */
  void recordPing(String connectionId, long at, long nextDueAt);

  /** Marks that a CONNECT arrived (clears the connect deadline) and sets the next due time. */
  void clearConnectDeadline(String connectionId, long nextDueAt);

  /** Creates the socket row and its room memberships (the rooms in the record). */
  void putSocket(SocketRecord socket);

  /** Strongly consistent read of the socket of a connection in a namespace. */
  Optional<SocketRecord> getSocket(String connectionId, String namespace);

  /** All sockets of a connection. */
  List<SocketRecord> socketsOf(String connectionId);

  /** Removes a socket and its memberships. */
  void deleteSocket(SocketRecord socket);

  /** Writes {@code socket.data}. */
  void updateSocketData(String connectionId, String namespace, String dataJson);

  /** Adds the socket to rooms (both directions). */
  void join(SocketRecord socket, Collection<String> rooms);

  /** Removes the socket from rooms (both directions). */
  void leave(SocketRecord socket, Collection<String> rooms);

  /** Members of a room of a namespace (strongly consistent, all pages). */
  List<Member> members(String namespace, String room);

  /** How many sockets a room (or, with room "", the namespace) has, without reading them where the store can. */
  default int countMembers(String namespace, String room) {
    return members(namespace, room).size();
  }

  void putAck(PendingAck ack);

  /** Removes and returns a pending ack (atomic take: a reply is handled once). */
  Optional<PendingAck> takeAck(String connectionId, long ackId);

  void putPendingBinary(String connectionId, PendingBinary pending);

  Optional<PendingBinary> getPendingBinary(String connectionId);

  void deletePendingBinary(String connectionId);

  /** Connections and acks whose due time is at or before {@code now}. */
  List<DueItem> due(long now);

  /**
   * Due connections and acks whose due time is after {@code sinceMs}, however far back (a store
   * with a bounded look-back clamps it to its rows' lifetime): the heartbeat's sweep, which finds
   * what fell behind the usual window. By default, {@link #due(long)} (a store without one).
   */
  default List<DueItem> due(long sinceMs, long now) {
    return due(now);
  }

  /** Removes the connection and every row that belongs to it (sockets, memberships, acks, binary state). */
  void deleteConnection(String connectionId);
}
