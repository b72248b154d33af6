package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.StateStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who a broadcast target reaches: the union of the rooms (or the whole namespace) minus excepted
 * rooms. A socket counts once by its id: while an upgrade moves it from its polling connection to
 * its WebSocket (written under the new id, then removed under the old), a room can list it under
 * both, and either one reaches it (frames for an upgraded polling session go to its WebSocket).
 */
public final class Recipients {
  private Recipients() {}

  /** Connection ids, one Query per room (all pages). */
  public static Set<String> resolve(StateStore store, String namespace, Set<String> rooms, Set<String> except,
      String excludedConnection) {
    Map<String, String> bySocket = new LinkedHashMap<>();
    Set<String> excludedSockets = new HashSet<>();
    for (String room : rooms.isEmpty() ? Set.of("") : rooms) {
      for (Member m : store.members(namespace, room)) {
        bySocket.putIfAbsent(socketKey(m), m.connectionId());
        if (m.connectionId().equals(excludedConnection)) {
          excludedSockets.add(socketKey(m));
        }
      }
    }
    for (String room : except) {
      for (Member m : store.members(namespace, room)) {
        excludedSockets.add(socketKey(m));
      }
    }
    Set<String> out = new LinkedHashSet<>();
    bySocket.forEach((socket, connectionId) -> {
      if (!excludedSockets.contains(socket)) {
        out.add(connectionId);
      }
    });
    return out;
  }

  private static String socketKey(Member m) {
    return m.sid() != null ? m.sid() : "connection " + m.connectionId();
  }
}
