package dev.socketiolambda.functions.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** {@link StateStore} in memory, for unit tests of the runtime and of applications. Thread-safe. */
public final class InMemoryStateStore implements StateStore {
  private final LongSupplier clock;
  private final Map<String, ConnectionRecord> connections = new ConcurrentHashMap<>();
  /** The ping phase of connections on one ({@link #recordScheduledPing}); their rows' due time is computed on read. */
  private final Map<String, PingPhase> phases = new ConcurrentHashMap<>();
  private final Map<String, Map<String, SocketRecord>> sockets = new ConcurrentHashMap<>();
  private final Set<String> closing = ConcurrentHashMap.newKeySet();
  private final Map<String, Claim> claims = new ConcurrentHashMap<>();
  /**
   * A client DISCONNECT received before this leaves the socket: when API Gateway received the CONNECT that made it,
   * or 1 ms after the latest CONNECT answered with it.
   */
  private final Map<String, Long> disconnectsFrom = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Member>> rooms = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> counters = new ConcurrentHashMap<>();
  private final Map<String, Map<Long, PendingAck>> acks = new ConcurrentHashMap<>();
  private final Map<String, java.util.TreeMap<String, BinaryPart>> binaries = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong binarySeq = new java.util.concurrent.atomic.AtomicLong();

  /** Who claimed a socket, and when. */
  private record Claim(String token, long at) {}

  public InMemoryStateStore() {
    this(System::currentTimeMillis);
  }

  /** @param clock epoch ms: the time of claims */
  public InMemoryStateStore(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void putConnection(ConnectionRecord c) {
    // put time-bucketed, as DynamoDB's row is, whatever the record read before said
    connections.put(c.connectionId(), c.timeBucketed());
    phases.remove(c.connectionId());
  }

  @Override
  public synchronized Optional<ConnectionRecord> getConnection(String connectionId) {
    ConnectionRecord c = connections.get(connectionId);
    PingPhase phase = phases.get(connectionId);
    if (c == null || phase == null) {
      return Optional.ofNullable(c);
    }
    return Optional.of(c.onPhase(phase.dueAt(c.lastPingAt(), c.connectedAt())));
  }

  @Override
  public synchronized void recordPong(String connectionId, long at) {
    connections.computeIfPresent(connectionId, (k, c) -> c.withPong(at));
  }

  @Override
  public synchronized void recordPing(String connectionId, long at, long nextDueAt) {
    if (connections.computeIfPresent(connectionId, (k, c) -> c.withHeartbeat(at, nextDueAt)) != null) {
      phases.remove(connectionId);
    }
  }

  @Override
  public synchronized void recordScheduledPing(String connectionId, long at, long nextPingAt, long pingInterval) {
    if (connections.computeIfPresent(connectionId, (k, c) -> c.withHeartbeat(at, nextPingAt)) != null) {
      phases.put(connectionId, PingPhase.of(nextPingAt, pingInterval));
    }
  }

  @Override
  public synchronized boolean clearConnectDeadline(String connectionId, long seenLastPingAt, long nextDueAt,
      long pingInterval, Map<String, String> keptHeaders, Map<String, List<String>> keptQuery) {
    ConnectionRecord c = connections.get(connectionId);
    if (c == null || c.lastPingAt() != seenLastPingAt) {
      return false;
    }
    connections.put(connectionId, c.withConnectDeadline(0, nextDueAt).withRequest(keptHeaders, keptQuery));
    phases.put(connectionId, PingPhase.of(nextDueAt, pingInterval));
    return true;
  }

  @Override
  public synchronized SocketPut putSocket(SocketRecord socket, long connectReceivedAt) {
    if (!connections.containsKey(socket.connectionId()) || closing.contains(socket.connectionId())) {
      return SocketPut.CONNECTION_GONE;
    }
    if (getSocket(socket.connectionId(), socket.namespace()).isPresent()) {
      return SocketPut.SOCKET_EXISTS;
    }
    sockets.computeIfAbsent(socket.connectionId(), k -> new ConcurrentHashMap<>()).put(socket.namespace(), socket);
    disconnectsFrom.put(claimKey(socket.connectionId(), socket.namespace()), connectReceivedAt);
    addMember(socket, "");
    socket.rooms().forEach(r -> addMember(socket, r));
    return SocketPut.CREATED;
  }

  @Override
  public synchronized Optional<SocketRecord> answerConnect(String connectionId, String namespace,
      long connectReceivedAt) {
    Optional<SocketRecord> current = getSocket(connectionId, namespace);
    if (current.isEmpty() || claims.containsKey(claimKey(connectionId, namespace))) {
      return Optional.empty();
    }
    disconnectsFrom.merge(claimKey(connectionId, namespace), connectReceivedAt + 1, Math::max);
    return current;
  }

  @Override
  public synchronized void markClosing(String connectionId) {
    if (connections.containsKey(connectionId)) {
      closing.add(connectionId);
    }
  }

  @Override
  public synchronized Optional<SocketRecord> claimSocket(String connectionId, String namespace, String token,
      long disconnectReceivedAt) {
    SocketRecord current = sockets.getOrDefault(connectionId, Map.of()).get(namespace);
    if (current == null
        || disconnectReceivedAt < disconnectsFrom.getOrDefault(claimKey(connectionId, namespace), 0L)) {
      return Optional.empty();
    }
    Claim holder = claims.get(claimKey(connectionId, namespace));
    if (holder != null && !holder.token().equals(token)) {
      return Optional.empty();
    }
    claims.put(claimKey(connectionId, namespace), new Claim(token, clock.getAsLong()));
    return Optional.of(current);
  }

  private static String claimKey(String connectionId, String namespace) {
    return connectionId + "\n" + namespace;
  }

  private void addMember(SocketRecord socket, String room) {
    rooms.computeIfAbsent(Keys.roomPk(socket.namespace(), room), k -> new ConcurrentHashMap<>())
        .put(socket.connectionId(), new Member(socket.connectionId(), socket.sid()));
  }

  private void removeMember(SocketRecord socket, String room) {
    String key = Keys.roomPk(socket.namespace(), room);
    Map<String, Member> m = rooms.get(key);
    if (m != null) {
      m.remove(socket.connectionId());
      if (m.isEmpty()) {
        rooms.remove(key);
      }
    }
  }

  @Override
  public Optional<SocketRecord> getSocket(String connectionId, String namespace) {
    return Optional.ofNullable(sockets.getOrDefault(connectionId, Map.of()).get(namespace));
  }

  @Override
  public List<SocketRecord> socketsOf(String connectionId) {
    return new ArrayList<>(sockets.getOrDefault(connectionId, Map.of()).values());
  }

  @Override
  public synchronized void deleteSocket(SocketRecord socket) {
    Map<String, SocketRecord> byNsp = sockets.get(socket.connectionId());
    SocketRecord current = byNsp == null ? null : byNsp.remove(socket.namespace());
    if (byNsp != null && byNsp.isEmpty()) {
      sockets.remove(socket.connectionId());
    }
    claims.remove(claimKey(socket.connectionId(), socket.namespace()));
    disconnectsFrom.remove(claimKey(socket.connectionId(), socket.namespace()));
    removeMember(socket, "");
    Set<String> all = new HashSet<>(socket.rooms());
    if (current != null) {
      all.addAll(current.rooms());
    }
    all.forEach(r -> removeMember(socket, r));
  }

  @Override
  public synchronized void updateSocketData(String connectionId, String namespace, String dataJson) {
    Map<String, SocketRecord> byNsp = sockets.get(connectionId);
    if (byNsp != null) {
      byNsp.computeIfPresent(namespace, (k, s) -> s.withData(dataJson));
    }
  }

  @Override
  public synchronized DataWrite replaceSocketData(String connectionId, String namespace, String expectedJson,
      String dataJson) {
    SocketRecord current = sockets.getOrDefault(connectionId, Map.of()).get(namespace);
    if (current == null) {
      return DataWrite.gone();
    }
    if (!java.util.Objects.equals(current.dataJson(), expectedJson)) {
      return DataWrite.conflict(current.dataJson());
    }
    sockets.get(connectionId).put(namespace, current.withData(dataJson));
    return DataWrite.ok();
  }

  @Override
  public synchronized void join(SocketRecord socket, Collection<String> toJoin) {
    Map<String, SocketRecord> byNsp = sockets.get(socket.connectionId());
    SocketRecord current = byNsp == null ? null : byNsp.get(socket.namespace());
    if (current == null || claims.containsKey(claimKey(socket.connectionId(), socket.namespace()))) {
      return;
    }
    Set<String> next = new HashSet<>(current.rooms());
    next.addAll(toJoin);
    byNsp.put(socket.namespace(), current.withRooms(next));
    toJoin.forEach(r -> addMember(current, r));
  }

  @Override
  public synchronized void leave(SocketRecord socket, Collection<String> toLeave) {
    Map<String, SocketRecord> byNsp = sockets.get(socket.connectionId());
    SocketRecord current = byNsp == null ? null : byNsp.get(socket.namespace());
    toLeave.forEach(r -> removeMember(socket, r));
    if (current != null) {
      Set<String> next = new HashSet<>(current.rooms());
      next.removeAll(toLeave);
      byNsp.put(socket.namespace(), current.withRooms(next));
    }
  }

  @Override
  public List<Member> members(String namespace, String room) {
    return new ArrayList<>(rooms.getOrDefault(Keys.roomPk(namespace, room), Map.of()).values());
  }

  @Override
  public synchronized void putAck(PendingAck ack) {
    Map<Long, PendingAck> m = acks.computeIfAbsent(ack.connectionId(), k -> new ConcurrentHashMap<>());
    if (m.putIfAbsent(ack.ackId(), ack) != null) {
      throw new StoreException("ack id " + ack.ackId() + " already pending on " + ack.connectionId());
    }
  }

  @Override
  public synchronized boolean putAckWhileSocket(PendingAck ack) {
    if (!sockets.getOrDefault(ack.connectionId(), Map.of()).containsKey(ack.namespace())) {
      return false;
    }
    putAck(ack);
    return true;
  }

  @Override
  public synchronized Optional<PendingAck> takeAck(String connectionId, long ackId) {
    Map<Long, PendingAck> m = acks.get(connectionId);
    return Optional.ofNullable(m == null ? null : m.remove(ackId));
  }

  @Override
  public synchronized List<PendingAck> acksOf(String connectionId) {
    return new ArrayList<>(acks.getOrDefault(connectionId, Map.of()).values());
  }

  @Override
  public synchronized Optional<BinaryPart> addBinaryPart(String connectionId, long receivedAt, String headerText,
      byte[] attachment) {
    if (!connections.containsKey(connectionId)) {
      return Optional.empty();
    }
    BinaryPart part = new BinaryPart(receivedAt, binarySeq.incrementAndGet(), headerText, attachment);
    binaries.computeIfAbsent(connectionId, k -> new java.util.TreeMap<>()).put(Keys.binarySk(part), part);
    return Optional.of(part);
  }

  @Override
  public synchronized List<BinaryPart> binaryParts(String connectionId) {
    return new ArrayList<>(binaries.getOrDefault(connectionId, new java.util.TreeMap<>()).values());
  }

  @Override
  public synchronized boolean claimBinaryParts(String connectionId, List<BinaryPart> parts) {
    java.util.TreeMap<String, BinaryPart> m = binaries.get(connectionId);
    if (parts.isEmpty() || m == null || m.remove(Keys.binarySk(parts.get(0))) == null) {
      return false;
    }
    parts.forEach(p -> m.remove(Keys.binarySk(p)));
    if (m.isEmpty()) {
      binaries.remove(connectionId);
    }
    return true;
  }

  @Override
  public synchronized List<DueItem> due(long now) {
    List<DueItem> out = new ArrayList<>();
    for (ConnectionRecord c : connections.values()) {
      if (c.dueAt() <= now && !phases.containsKey(c.connectionId())) {
        out.add(new DueItem(c.connectionId(), null, c.dueAt()));
      }
    }
    for (Map<Long, PendingAck> m : acks.values()) {
      for (PendingAck a : m.values()) {
        if (a.expiresAt() <= now) {
          out.add(new DueItem(a.connectionId(), a.ackId(), a.expiresAt()));
        }
      }
    }
    return out;
  }

  /** Connections on a phase of {@code pingInterval} with a time on it in the window, as the due index finds them. */
  @Override
  public synchronized List<DueItem> duePings(long sinceMs, long now, long pingInterval) {
    List<DueItem> out = new ArrayList<>();
    phases.forEach((id, phase) -> {
      ConnectionRecord c = connections.get(id);
      if (c != null && phase.interval() == pingInterval && phase.lastAt(now) > sinceMs
          && phase.dueAt(c.lastPingAt(), c.connectedAt()) <= now) {
        out.add(new DueItem(id, null, phase.lastAt(now)));
      }
    });
    return out;
  }

  @Override
  public synchronized void deleteConnection(String connectionId, String claimToken) {
    boolean socketStays = false;
    long claimedBefore = clock.getAsLong() - CLAIM_LIFETIME_MS;
    for (SocketRecord s : socketsOf(connectionId)) {
      Claim claim = claims.get(claimKey(connectionId, s.namespace()));
      if (claim != null && !claim.token().equals(claimToken) && claim.at() >= claimedBefore) {
        socketStays = true; // its claimer deletes it
      } else {
        deleteSocket(s);
      }
    }
    acks.remove(connectionId);
    binaries.remove(connectionId);
    if (!socketStays) {
      connections.remove(connectionId);
      phases.remove(connectionId);
      closing.remove(connectionId);
    }
  }

  @Override
  public void addCounts(String bucket, Map<String, Long> counts, long expiresAtMs) {
    Map<String, Long> b = counters.computeIfAbsent(bucket, k -> new ConcurrentHashMap<>());
    counts.forEach((name, n) -> b.merge(name, n, Long::sum));
  }

  @Override
  public Map<String, Map<String, Long>> counts(Collection<String> buckets) {
    Map<String, Map<String, Long>> out = new java.util.LinkedHashMap<>();
    for (String bucket : buckets) {
      Map<String, Long> b = counters.get(bucket);
      if (b != null) {
        out.put(bucket, Map.copyOf(b));
      }
    }
    return out;
  }

  /** Number of rows of every kind still held: 0 after every connection is gone. */
  public synchronized int rowCount() {
    int n = connections.size();
    for (Map<String, BinaryPart> m : binaries.values()) {
      n += m.size();
    }
    for (Map<String, SocketRecord> m : sockets.values()) {
      n += m.size();
    }
    for (Map<String, Member> m : rooms.values()) {
      n += m.size();
    }
    for (Map<Long, PendingAck> m : acks.values()) {
      n += m.size();
    }
    return n;
  }
}
