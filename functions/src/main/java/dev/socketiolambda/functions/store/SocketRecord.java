package dev.socketiolambda.functions.store;

import java.util.Set;

/**
 * A socket: one connection's membership of one namespace, created by a successful CONNECT.
 *
 * @param connectionId the API Gateway connection
 * @param namespace the namespace name
 * @param sid the namespace socket id sent in the CONNECT reply
 * @param authJson the CONNECT auth payload as JSON text
 * @param dataJson {@code socket.data} as JSON text
 * @param rooms the rooms the socket is in (its own sid room included)
 * @param connectedAt epoch ms of the CONNECT
 * @param pidHash the hash of the socket's private id when connection state recovery is on, else null
 */
public record SocketRecord(
    String connectionId, String namespace, String sid, String authJson, String dataJson, Set<String> rooms,
    long connectedAt, String pidHash) {

  public SocketRecord {
    rooms = Set.copyOf(rooms);
  }

  /** A socket without connection state recovery. */
  public SocketRecord(String connectionId, String namespace, String sid, String authJson, String dataJson,
      Set<String> rooms, long connectedAt) {
    this(connectionId, namespace, sid, authJson, dataJson, rooms, connectedAt, null);
  }

  public SocketRecord withData(String dataJson) {
    return new SocketRecord(connectionId, namespace, sid, authJson, dataJson, rooms, connectedAt, pidHash);
  }

  public SocketRecord withRooms(Set<String> rooms) {
    return new SocketRecord(connectionId, namespace, sid, authJson, dataJson, rooms, connectedAt, pidHash);
  }
}
