package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.DaemonThreads;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.StateStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Who a broadcast target reaches: the union of the rooms (or the whole namespace) minus excepted
 * rooms. A socket counts once by its id: while an upgrade moves it from its polling connection to
 * its WebSocket (written under the new id, then removed under the old), a room can list it under
 * both, and either one reaches it (frames for an upgraded polling session go to its WebSocket).
 */
public final class Recipients {
  /**
   * The rooms of one target are queried at once (a broadcast to {@code product:1} and
   * {@code cart:1} waits for one Query, not two): up to this many on pool threads, the rest (and
   * the first room) on the caller's thread.
   */
  private static final int PARALLEL_QUERIES = 16;
  private static final Executor QUERIES = new ThreadPoolExecutor(0, PARALLEL_QUERIES, 60, TimeUnit.SECONDS,
      new SynchronousQueue<>(), DaemonThreads.named("socketio-rooms"), new ThreadPoolExecutor.CallerRunsPolicy());

  private Recipients() {}

  /** Connection ids, one Query per room (all pages), the rooms queried in parallel. */
  public static Set<String> resolve(StateStore store, String namespace, Set<String> rooms, Set<String> except,
      String excludedConnection) {
    List<String> included = new ArrayList<>(rooms.isEmpty() ? Set.of("") : rooms);
    List<String> queried = new ArrayList<>(included);
    queried.addAll(except);
    List<List<Member>> members = members(store, namespace, queried);
    Map<String, String> bySocket = new LinkedHashMap<>();
    Set<String> excludedSockets = new HashSet<>();
    for (int i = 0; i < members.size(); i++) {
      for (Member m : members.get(i)) {
        if (i >= included.size()) {
          excludedSockets.add(socketKey(m)); // an excepted room
          continue;
        }
        bySocket.putIfAbsent(socketKey(m), m.connectionId());
        if (m.connectionId().equals(excludedConnection)) {
          excludedSockets.add(socketKey(m));
        }
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

  /** Each room's members, in the rooms' order; a failed Query's exception is thrown as it was. */
  private static List<List<Member>> members(StateStore store, String namespace, List<String> rooms) {
    List<CompletableFuture<List<Member>>> others = new ArrayList<>();
    for (String room : rooms.subList(1, rooms.size())) {
      others.add(CompletableFuture.supplyAsync(() -> store.members(namespace, room), QUERIES));
    }
    List<List<Member>> out = new ArrayList<>(rooms.size());
    out.add(store.members(namespace, rooms.get(0)));
    for (CompletableFuture<List<Member>> f : others) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }
    return out;
  }

  private static String socketKey(Member m) {
    return m.sid() != null ? m.sid() : "connection " + m.connectionId();
  }
}
