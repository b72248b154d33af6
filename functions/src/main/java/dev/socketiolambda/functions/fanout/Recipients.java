package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.StateStore;
import java.util.LinkedHashSet;
import java.util.Set;

/** Who a broadcast target reaches: the union of the rooms (or the whole namespace) minus excepted rooms. */
public final class Recipients {
  private Recipients() {}

  /** Connection ids, one Query per room (all pages). */
  public static Set<String> resolve(StateStore store, String namespace, Set<String> rooms, Set<String> except,
      String excludedConnection) {
    Set<String> out = new LinkedHashSet<>();
    if (rooms.isEmpty()) {
      for (Member m : store.members(namespace, "")) {
        out.add(m.connectionId());
      }
    } else {
      for (String room : rooms) {
        for (Member m : store.members(namespace, room)) {
          out.add(m.connectionId());
        }
      }
    }
    for (String room : except) {
      for (Member m : store.members(namespace, room)) {
        out.remove(m.connectionId());
      }
    }
    if (excludedConnection != null) {
      out.remove(excludedConnection);
    }
    return out;
  }
}
