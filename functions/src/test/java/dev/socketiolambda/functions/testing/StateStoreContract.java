package dev.socketiolambda.functions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.DueItem;
import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.PendingAck;
import dev.socketiolambda.functions.store.BinaryPart;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.store.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must have. Extend it and implement {@link #newStore(LongSupplier)}:
 * the in-memory store runs it in the functions module, the DynamoDB store against DynamoDB Local
 * in the local module.
 *
 * <p>Each test uses connection ids and namespace names of its own, so a store may be shared
 * between tests (one table for the whole class). Due times stay within a minute of {@link #NOW},
 * inside the DynamoDB store's look-back window.
 */
public abstract class StateStoreContract {
  /** The "now" of heartbeat queries. */
  protected static final long NOW = TestClock.DEFAULT_START;
  /** The ping interval of the phases in these tests. */
  private static final long INTERVAL = 25_000;

  protected StateStore store;
  /** The store's own clock (claims), from the real time on: rows it dates expire as they would. */
  protected final TestClock storeClock = new TestClock(System.currentTimeMillis());
  /** Unique per test: prefixes connection ids and namespaces. */
  protected String run;

  /** A store to test, whose claims take their time from {@code clock}; called before each test. */
  protected abstract StateStore newStore(LongSupplier clock);

  @BeforeEach
  void createStore() {
    store = newStore(storeClock);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  // ------------------------------------------------------------------ helpers

  protected String cid(String name) {
    return name + "-" + run + "=";
  }

  protected String nsp(String name) {
    return "/" + run + name;
  }

  protected ConnectionRecord connection(String connectionId, long dueAt) {
    return new ConnectionRecord(connectionId, "eio-" + connectionId, "https://api.example.com/dev", NOW - 1_000,
        "203.0.113.9", Map.of("user-agent", "tests", "origin", "https://app.example.com"),
        Map.of("EIO", List.of("4"), "tag", List.of("red", "blue")), 0, 0, NOW + 45_000, dueAt);
  }

  protected SocketRecord socket(String connectionId, String namespace, String sid, String... rooms) {
    Set<String> all = new HashSet<>(List.of(rooms));
    all.add(sid);
    return new SocketRecord(connectionId, namespace, sid, "{\"token\":\"t\"}", "{}", all, NOW);
  }

  protected PendingAck ack(String connectionId, long id, long expiresAt) {
    return new PendingAck(connectionId, id, "/", "sid-" + connectionId, "answer", "{\"n\":" + id + "}", expiresAt);
  }

  private Set<String> memberConnections(String namespace, String room) {
    return store.members(namespace, room).stream().map(Member::connectionId).collect(Collectors.toSet());
  }

  private List<DueItem> pingsOf(long since, long now, String... connectionIds) {
    Set<String> mine = Set.of(connectionIds);
    return store.duePings(since, now, INTERVAL).stream().filter(d -> mine.contains(d.connectionId())).toList();
  }

  private List<DueItem> dueOf(long now, String... connectionIds) {
    Set<String> mine = Set.of(connectionIds);
    return store.due(now).stream().filter(d -> mine.contains(d.connectionId())).toList();
  }

  private SocketRecord seeded(String connectionId, String namespace, String sid, String... rooms) {
    return seededByConnectAt(0, connectionId, namespace, sid, rooms);
  }

  /** A connection with a socket made by a CONNECT that API Gateway received at {@code receivedAt}. */
  private SocketRecord seededByConnectAt(long receivedAt, String connectionId, String namespace, String sid,
      String... rooms) {
    store.putConnection(connection(connectionId, NOW + 60_000));
    SocketRecord s = socket(connectionId, namespace, sid, rooms);
    store.putSocket(s, receivedAt);
    return s;
  }

  // ------------------------------------------------------------------ connections

  @Test
  void storesAndReadsAConnection() {
    ConnectionRecord c = connection(cid("c1"), NOW + 30_000);
    store.putConnection(c);

    assertThat(store.getConnection(c.connectionId())).contains(c);
    assertThat(store.getConnection(cid("unknown"))).isEmpty();
  }

  @Test
  void aPongRecordsItsTimeAndLeavesTheConnectionDueAtTheNextPing() {
    String id = cid("pong");
    store.putConnection(connection(id, NOW - 1_000));
    store.recordPing(id, NOW - 5_000, NOW + 20_000);

    store.recordPong(id, NOW - 4_900);

    ConnectionRecord c = store.getConnection(id).orElseThrow();
    assertThat(c.lastPongAt()).isEqualTo(NOW - 4_900);
    assertThat(c.lastPingAt()).isEqualTo(NOW - 5_000);
    assertThat(c.dueAt()).isEqualTo(NOW + 20_000);
    assertThat(dueOf(NOW + 19_999, id)).isEmpty();
    assertThat(dueOf(NOW + 20_000, id)).containsExactly(new DueItem(id, null, NOW + 20_000));
  }

  @Test
  void aPongOfANeverPingedConnectionLeavesItDueWhereItWas() {
    String id = cid("unasked");
    store.putConnection(connection(id, NOW + 30_000));

    store.recordPong(id, NOW - 500);

    ConnectionRecord c = store.getConnection(id).orElseThrow();
    assertThat(c.lastPongAt()).isEqualTo(NOW - 500);
    assertThat(c.lastPingAt()).isZero();
    assertThat(c.dueAt()).isEqualTo(NOW + 30_000);
    assertThat(dueOf(NOW + 30_000, id)).containsExactly(new DueItem(id, null, NOW + 30_000));
  }

  @Test
  void recordPingSetsLastPingAndTheNextDueTime() {
    String id = cid("ping");
    store.putConnection(connection(id, NOW - 2_000));
    assertThat(dueOf(NOW, id)).containsExactly(new DueItem(id, null, NOW - 2_000));

    store.recordPing(id, NOW, NOW + 25_000);

    ConnectionRecord c = store.getConnection(id).orElseThrow();
    assertThat(c.lastPingAt()).isEqualTo(NOW);
    assertThat(c.lastPongAt()).isZero();
    assertThat(c.dueAt()).isEqualTo(NOW + 25_000);
    assertThat(dueOf(NOW + 24_999, id)).isEmpty();
    assertThat(dueOf(NOW + 25_000, id)).containsExactly(new DueItem(id, null, NOW + 25_000));
  }

  @Test
  void clearConnectDeadlineZeroesItAndPutsTheConnectionOnItsPingPhase() {
    String id = cid("deadline");
    store.putConnection(connection(id, NOW - 100));

    assertThat(store.clearConnectDeadline(id, 0, NOW + 24_000, INTERVAL, Map.of("user-agent", "node"),
        Map.of("EIO", List.of("4")))).isTrue();

    ConnectionRecord c = store.getConnection(id).orElseThrow();
    assertThat(c.connectDeadline()).isZero();
    assertThat(c.dueAt()).isEqualTo(NOW + 24_000);
    assertThat(c.eioSid()).isEqualTo("eio-" + id);
    assertThat(dueOf(NOW + 60_000, id)).as("no longer a time-bucketed row").isEmpty();
    assertThat(pingsOf(NOW + 23_000, NOW + 24_000, id)).containsExactly(new DueItem(id, null, NOW + 24_000));
    assertThat(pingsOf(NOW + 48_000, NOW + 49_000, id)).containsExactly(new DueItem(id, null, NOW + 49_000));
  }

  /** A connection whose first CONNECT put it on the phase of a ping at {@code NOW + 24_000}. */
  private String connectedOnPhase(String name) {
    String id = cid(name);
    store.putConnection(connection(id, NOW - 100));
    store.clearConnectDeadline(id, 0, NOW + 24_000, INTERVAL, Map.of(), Map.of());
    return id;
  }

  @Test
  void aScheduledPingWritesTheLastPingAndKeepsThePhase() {
    String id = connectedOnPhase("phase");

    store.recordScheduledPing(id, NOW + 24_600, NOW + 49_000, INTERVAL); // a tick 600 ms late

    ConnectionRecord c = store.getConnection(id).orElseThrow();
    assertThat(c.lastPingAt()).isEqualTo(NOW + 24_600);
    assertThat(c.dueAt()).as("the next time on the phase").isEqualTo(NOW + 49_000);
    assertThat(pingsOf(NOW + 48_000, NOW + 49_000, id)).containsExactly(new DueItem(id, null, NOW + 49_000));

    store.recordPong(id, NOW + 24_700);
    store.recordScheduledPing(id, NOW + 49_100, NOW + 74_000, INTERVAL);

    assertThat(store.getConnection(id).orElseThrow().dueAt()).isEqualTo(NOW + 74_000);
    assertThat(pingsOf(NOW + 73_500, NOW + 74_000, id)).containsExactly(new DueItem(id, null, NOW + 74_000));
  }

  @Test
  void aScheduledPingOffThePhaseMovesTheConnectionOntoTheNewOne() {
    String id = connectedOnPhase("moved");

    store.recordScheduledPing(id, NOW + 40_000, NOW + 52_500, INTERVAL); // a tick 16 s late

    assertThat(store.getConnection(id).orElseThrow().dueAt()).isEqualTo(NOW + 52_500);
    assertThat(pingsOf(NOW + 52_000, NOW + 52_500, id)).containsExactly(new DueItem(id, null, NOW + 52_500));
  }

  @Test
  void aPingWithADueTimeTakesTheConnectionOffItsPhase() {
    String id = connectedOnPhase("off");

    store.recordPing(id, NOW + 1_000, NOW + 30_000);

    assertThat(store.getConnection(id).orElseThrow().dueAt()).isEqualTo(NOW + 30_000);
    assertThat(dueOf(NOW + 30_000, id)).containsExactly(new DueItem(id, null, NOW + 30_000));
  }

  @Test
  void aScheduledPingPutsATimeBucketedConnectionOnThePhase() {
    String id = cid("onto");
    store.putConnection(connection(id, NOW - 100));

    store.recordScheduledPing(id, NOW, NOW + 25_000, INTERVAL);

    assertThat(store.getConnection(id).orElseThrow().dueAt()).isEqualTo(NOW + 25_000);
    assertThat(dueOf(NOW + 60_000, id)).isEmpty();
    assertThat(pingsOf(NOW + 24_000, NOW + 25_000, id)).containsExactly(new DueItem(id, null, NOW + 25_000));
  }

  @Test
  void aConnectionReadSaysWhetherItsRowIsOnItsPingPhase() {
    String id = cid("phase");
    store.putConnection(connection(id, NOW - 100));
    assertThat(store.getConnection(id).orElseThrow().onPingPhase()).as("put: time-bucketed").isFalse();

    assertThat(store.clearConnectDeadline(id, 0, NOW + 25_000, INTERVAL, Map.of(), Map.of())).isTrue();
    ConnectionRecord onPhase = store.getConnection(id).orElseThrow();
    assertThat(onPhase.onPingPhase()).as("after the CONNECT").isTrue();

    store.putConnection(onPhase); // put again, as an upgrade from long-polling does with a record it read
    assertThat(store.getConnection(id).orElseThrow().onPingPhase()).as("put again: time-bucketed").isFalse();
    store.recordScheduledPing(id, NOW, NOW + 25_000, INTERVAL);
    assertThat(store.getConnection(id).orElseThrow().onPingPhase()).as("after a scheduled ping").isTrue();
  }

  @Test
  void clearConnectDeadlineChangesNothingWhenAPingWasSentSinceTheRead() {
    String id = cid("raced");
    store.putConnection(connection(id, NOW - 100));
    ConnectionRecord read = store.getConnection(id).orElseThrow();
    store.recordPing(id, NOW, NOW + 20_000);

    assertThat(store.clearConnectDeadline(id, read.lastPingAt(), NOW + 1_000, INTERVAL, Map.of(), Map.of())).isFalse();

    ConnectionRecord c = store.getConnection(id).orElseThrow();
    assertThat(c.connectDeadline()).isEqualTo(read.connectDeadline());
    assertThat(c.dueAt()).isEqualTo(NOW + 20_000);
    assertThat(c.headers()).isEqualTo(read.headers());
    assertThat(store.clearConnectDeadline(id, NOW, NOW + 20_000, INTERVAL, Map.of(), Map.of())).isTrue();
    assertThat(store.getConnection(id).orElseThrow().connectDeadline()).isZero();
  }

  @Test
  void clearConnectDeadlineReplacesTheStoredRequestWithTheKeptOne() {
    String id = cid("kept");
    store.putConnection(new ConnectionRecord(id, "eio-" + id, "http://gw", NOW, "10.0.0.1",
        Map.of("authorization", "Bearer secret-jwt", "cookie", "s=1", "user-agent", "node"),
        Map.of("token", List.of("secret-jwt"), "room", List.of("lobby"), "EIO", List.of("4")), 0, 0, NOW + 45_000,
        NOW + 20_000));

    store.clearConnectDeadline(id, 0, NOW + 25_000, INTERVAL, Map.of("user-agent", "node"),
        Map.of("room", List.of("lobby"), "EIO", List.of("4")));

    ConnectionRecord c = store.getConnection(id).orElseThrow();
    assertThat(c.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("user-agent", "node"));
    assertThat(c.query()).containsOnlyKeys("room", "EIO");
    assertThat(c.sourceIp()).isEqualTo("10.0.0.1");
  }

  @Test
  void existingConnectionsNamesOnlyTheConnectionsThatStillHaveTheirRow() {
    String kept = cid("kept");
    String removed = cid("removed");
    store.putConnection(connection(kept, NOW + 10_000));
    store.putConnection(connection(removed, NOW + 10_000));
    store.deleteConnection(removed);
    List<String> many = new java.util.ArrayList<>();
    for (int i = 0; i < 150; i++) {
      many.add(cid("never" + i)); // more than one batch of keys
    }
    many.add(kept);
    many.add(removed);
    many.add(kept);

    assertThat(store.existingConnections(many)).containsExactly(kept);
    assertThat(store.existingConnections(List.of())).isEmpty();
  }

  @Test
  void updatesOfAMissingConnectionCreateNothing() {
    String id = cid("missing");

    store.recordPong(id, NOW);
    store.recordPing(id, NOW, NOW + 1);
    store.recordScheduledPing(id, NOW, NOW + 1, INTERVAL);
    assertThat(store.clearConnectDeadline(id, 0, NOW + 1, INTERVAL, Map.of(), Map.of())).isFalse();
    assertThat(store.addBinaryPart(id, NOW, "51-[\"x\",{\"_placeholder\":true,\"num\":0}]", null)).isEmpty();

    assertThat(store.getConnection(id)).isEmpty();
    assertThat(store.binaryParts(id)).isEmpty();
    assertThat(dueOf(NOW + 10, id)).isEmpty();
    assertThat(pingsOf(NOW - 10, NOW + 10, id)).isEmpty();
  }

  @Test
  void dueReturnsConnectionsAndAcksThatAreDueAndNotOthers() {
    String due1 = cid("due1");
    String due2 = cid("due2");
    String later = cid("later");
    store.putConnection(connection(due1, NOW - 30_000));
    store.putConnection(connection(due2, NOW));
    store.putConnection(connection(later, NOW + 1));
    store.putAck(ack(later, 7, NOW - 10));
    store.putAck(ack(later, 8, NOW + 5_000));
    store.putAck(ack(due1, 9, NOW));

    assertThat(dueOf(NOW, due1, due2, later)).containsExactlyInAnyOrder(
        new DueItem(due1, null, NOW - 30_000),
        new DueItem(due2, null, NOW),
        new DueItem(later, 7L, NOW - 10),
        new DueItem(due1, 9L, NOW));
    assertThat(dueOf(NOW, due1).stream().filter(DueItem::isAck)).hasSize(1);
    assertThat(dueOf(NOW + 5_000, later)).containsExactlyInAnyOrder(
        new DueItem(later, null, NOW + 1), new DueItem(later, 7L, NOW - 10), new DueItem(later, 8L, NOW + 5_000));
  }

  // ------------------------------------------------------------------ sockets and rooms

  @Test
  void storesAndReadsSockets() {
    String id = cid("s");
    store.putConnection(connection(id, NOW + 60_000));
    SocketRecord main = socket(id, "/", "sid-main");
    SocketRecord chat = socket(id, nsp("chat"), "sid-chat", "lobby");
    store.putSocket(main);
    store.putSocket(chat);

    assertThat(store.getSocket(id, "/")).contains(main);
    assertThat(store.getSocket(id, nsp("chat"))).contains(chat);
    assertThat(store.getSocket(id, nsp("other"))).isEmpty();
    assertThat(store.getSocket(cid("nobody"), "/")).isEmpty();
    assertThat(store.socketsOf(id)).containsExactlyInAnyOrder(main, chat);
    assertThat(store.socketsOf(cid("nobody"))).isEmpty();
  }

  @Test
  void putSocketCreatesMembershipsOfItsRoomsAndOfTheWholeNamespace() {
    String ns = nsp("rooms");
    seeded(cid("a"), ns, "sid-a", "r1", "r2");
    seeded(cid("b"), ns, "sid-b", "r2");

    assertThat(store.members(ns, "r1")).containsExactly(new Member(cid("a"), "sid-a"));
    assertThat(memberConnections(ns, "r2")).containsExactlyInAnyOrder(cid("a"), cid("b"));
    assertThat(store.members(ns, "sid-a")).containsExactly(new Member(cid("a"), "sid-a"));
    assertThat(store.members(ns, "")).containsExactlyInAnyOrder(
        new Member(cid("a"), "sid-a"), new Member(cid("b"), "sid-b"));
    assertThat(store.members(ns, "nobody-here")).isEmpty();
  }

  @Test
  void countMembersCountsARoomAndTheWholeNamespace() {
    String ns = nsp("count");
    seeded(cid("a"), ns, "sid-a", "r1", "r2");
    seeded(cid("b"), ns, "sid-b", "r2");
    seeded(cid("c"), nsp("other"), "sid-c", "r2");

    assertThat(store.countMembers(ns, "r1")).isEqualTo(1);
    assertThat(store.countMembers(ns, "r2")).isEqualTo(2);
    assertThat(store.countMembers(ns, "")).isEqualTo(2);
    assertThat(store.countMembers(ns, "nobody-here")).isZero();
  }

  @Test
  void countMembersCountsOnlyConnectionIdsWithAPrefixWhenGivenOne() {
    String ns = nsp("prefixed");
    seeded("poll:" + cid("p1"), ns, "sid-p1", "r");
    seeded("poll:" + cid("p2"), ns, "sid-p2");
    seeded(cid("w"), ns, "sid-w", "r");

    assertThat(store.countMembers(ns, "", "poll:")).isEqualTo(2);
    assertThat(store.countMembers(ns, "r", "poll:")).isEqualTo(1);
    assertThat(store.countMembers(ns, "", "")).isEqualTo(3);
    assertThat(store.countMembers(ns, "", "nomatch:")).isZero();
  }

  @Test
  void joinAndLeaveShowInMembersAndInTheSocketsRooms() {
    String ns = nsp("jl");
    String id = cid("j");
    SocketRecord s = seeded(id, ns, "sid-j");

    store.join(s, List.of("red", "blue"));

    assertThat(store.getSocket(id, ns).orElseThrow().rooms()).containsExactlyInAnyOrder("sid-j", "red", "blue");
    assertThat(memberConnections(ns, "red")).containsExactly(id);
    assertThat(memberConnections(ns, "blue")).containsExactly(id);

    store.leave(store.getSocket(id, ns).orElseThrow(), List.of("red"));

    assertThat(store.getSocket(id, ns).orElseThrow().rooms()).containsExactlyInAnyOrder("sid-j", "blue");
    assertThat(store.members(ns, "red")).isEmpty();
    assertThat(memberConnections(ns, "blue")).containsExactly(id);
    assertThat(memberConnections(ns, "")).containsExactly(id);
  }

  @Test
  void joinAndLeaveWithNoRoomsChangeNothing() {
    String ns = nsp("empty");
    String id = cid("e");
    SocketRecord s = seeded(id, ns, "sid-e", "r");

    store.join(s, List.of());
    store.leave(s, List.of());

    assertThat(store.getSocket(id, ns)).contains(s);
    assertThat(memberConnections(ns, "r")).containsExactly(id);
  }

  @Test
  void joinOfASocketThatIsGoneLeavesNoMembership() {
    String ns = nsp("gone");
    String id = cid("g");
    SocketRecord s = seeded(id, ns, "sid-g");
    store.deleteSocket(s);

    store.join(s, List.of("late"));

    assertThat(store.members(ns, "late")).isEmpty();
    assertThat(store.getSocket(id, ns)).isEmpty();
  }

  @Test
  void leaveOfASocketThatIsGoneIsHarmless() {
    String ns = nsp("gone2");
    String id = cid("g2");
    SocketRecord s = seeded(id, ns, "sid-g2", "r");
    store.deleteSocket(s);

    store.leave(s, List.of("r"));

    assertThat(store.members(ns, "r")).isEmpty();
    assertThat(store.getSocket(id, ns)).isEmpty();
  }

  @Test
  void namespacesWithTrickyNamesStayApart() {
    // with a naive "<nsp><room>" key these pairs would collide
    String x = nsp("x");
    String xy = nsp("xy");
    String id1 = cid("t1");
    String id2 = cid("t2");
    String id3 = cid("t3");
    String id4 = cid("t4");
    seeded(id1, x, "s1", "y");
    seeded(id2, xy, "s2");
    String hashy = nsp("#R#2:/a,b c/é");
    String hashyLonger = hashy + "/";
    seeded(id3, hashy, "s3", "/room,with#marks");
    seeded(id4, hashyLonger, "s4", "room,with#marks");

    assertThat(memberConnections(x, "y")).containsExactly(id1);
    assertThat(memberConnections(xy, "")).containsExactly(id2);
    assertThat(memberConnections(x, "")).containsExactly(id1);
    assertThat(memberConnections(hashy, "/room,with#marks")).containsExactly(id3);
    assertThat(memberConnections(hashyLonger, "room,with#marks")).containsExactly(id4);
    assertThat(memberConnections(hashy, "")).containsExactly(id3);
    assertThat(memberConnections(hashyLonger, "")).containsExactly(id4);
    assertThat(store.getSocket(id3, hashy).orElseThrow().rooms()).contains("/room,with#marks");
    assertThat(store.getSocket(id3, hashyLonger)).isEmpty();
  }

  @Test
  void deleteSocketRemovesItAndItsMembershipsOnly() {
    String ns = nsp("del");
    String other = nsp("del2");
    String id = cid("d");
    SocketRecord s = seeded(id, ns, "sid-d", "r1");
    store.join(s, List.of("r2"));
    SocketRecord keep = socket(id, other, "sid-d2", "r1");
    store.putSocket(keep);
    seeded(cid("d-other"), ns, "sid-o", "r1");

    store.deleteSocket(s); // the record without r2: the store must still drop the r2 membership

    assertThat(store.getSocket(id, ns)).isEmpty();
    assertThat(memberConnections(ns, "r1")).containsExactly(cid("d-other"));
    assertThat(store.members(ns, "r2")).isEmpty();
    assertThat(store.members(ns, "sid-d")).isEmpty();
    assertThat(memberConnections(ns, "")).containsExactly(cid("d-other"));
    assertThat(store.socketsOf(id)).containsExactly(keep);
    assertThat(memberConnections(other, "r1")).containsExactly(id);
    assertThat(store.getConnection(id)).isPresent();
  }

  @Test
  void updateSocketDataKeepsTheRest() {
    String ns = nsp("data");
    String id = cid("data");
    SocketRecord s = seeded(id, ns, "sid-data", "r");

    store.updateSocketData(id, ns, "{\"user\":\"ann\"}");

    SocketRecord read = store.getSocket(id, ns).orElseThrow();
    assertThat(read.dataJson()).isEqualTo("{\"user\":\"ann\"}");
    assertThat(read.rooms()).isEqualTo(s.rooms());
    assertThat(read.authJson()).isEqualTo(s.authJson());
    assertThat(read.sid()).isEqualTo("sid-data");

    store.updateSocketData(id, nsp("none"), "{}");
    assertThat(store.getSocket(id, nsp("none"))).isEmpty();
  }

  // ------------------------------------------------------------------ acks and binary state

  @Test
  void takeAckIsATake() {
    String id = cid("ack");
    store.putConnection(connection(id, NOW + 60_000));
    PendingAck a = ack(id, 42, NOW + 5_000);
    store.putAck(a);

    assertThat(store.takeAck(id, 42)).contains(a);
    assertThat(store.takeAck(id, 42)).isEmpty();
    assertThat(store.takeAck(id, 43)).isEmpty();
    assertThat(dueOf(NOW + 10_000, id).stream().filter(DueItem::isAck)).isEmpty();
  }

  @Test
  void acksOfOneConnectionDoNotAnswerForAnother() {
    store.putAck(ack(cid("a1"), 5, NOW + 5_000));

    assertThat(store.takeAck(cid("a2"), 5)).isEmpty();
    assertThat(store.takeAck(cid("a1"), 5)).isPresent();
  }

  @Test
  void aSecondPendingAckWithTheSameIdIsRefused() {
    String id = cid("dup");
    store.putAck(ack(id, 1, NOW + 5_000));

    assertThatThrownBy(() -> store.putAck(ack(id, 1, NOW + 6_000))).isInstanceOf(RuntimeException.class);
    assertThat(store.takeAck(id, 1).map(PendingAck::expiresAt)).contains(NOW + 5_000);
  }

  @Test
  void binaryPartsAreRowsOfTheirOwnReadInArrivalOrder() {
    String id = cid("bin");
    store.putConnection(connection(id, NOW + 60_000));
    String header = "52-[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]";
    assertThat(store.binaryParts(id)).isEmpty();
    byte[] first = {0, 1, 2, (byte) 0xff};
    byte[] second = {9};

    // stored out of order: the second attachment first, then the header, then the first attachment
    store.addBinaryPart(id, NOW + 2, null, second);
    store.addBinaryPart(id, NOW, header, null);
    store.addBinaryPart(id, NOW + 1, null, first);

    List<BinaryPart> parts = store.binaryParts(id);
    assertThat(parts).extracting(BinaryPart::receivedAt).containsExactly(NOW, NOW + 1, NOW + 2);
    assertThat(parts.get(0).headerText()).isEqualTo(header);
    assertThat(parts.get(1).attachment()).containsExactly(first);
    assertThat(parts.get(2).attachment()).containsExactly(second);
    assertThat(store.getConnection(id)).isPresent();
  }

  @Test
  void partsOfTheSameMillisecondKeepTheOrderTheyWereStoredIn() {
    String id = cid("binseq");
    store.putConnection(connection(id, NOW + 60_000));
    for (int i = 0; i < 5; i++) {
      store.addBinaryPart(id, NOW, null, new byte[] {(byte) i});
    }

    assertThat(store.binaryParts(id)).extracting(p -> (int) p.attachment()[0]).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void onlyOneCallerClaimsAPacketsParts() {
    String id = cid("claim");
    store.putConnection(connection(id, NOW + 60_000));
    store.addBinaryPart(id, NOW, "51-[\"x\",{\"_placeholder\":true,\"num\":0}]", null);
    store.addBinaryPart(id, NOW, null, new byte[] {1});
    store.addBinaryPart(id, NOW + 5, "51-[\"y\",{\"_placeholder\":true,\"num\":0}]", null);
    List<BinaryPart> all = store.binaryParts(id);

    assertThat(store.claimBinaryParts(id, all.subList(0, 2))).isTrue();
    assertThat(store.claimBinaryParts(id, all.subList(0, 2))).isFalse();

    assertThat(store.binaryParts(id)).extracting(BinaryPart::headerText)
        .containsExactly("51-[\"y\",{\"_placeholder\":true,\"num\":0}]");
  }

  @Test
  void binaryPartsDoNotChangeTheConnectionRecord() {
    String id = cid("bin2");
    ConnectionRecord c = connection(id, NOW + 60_000);
    store.putConnection(c);

    store.addBinaryPart(id, NOW, null, "héllo".getBytes(StandardCharsets.UTF_8));

    assertThat(store.getConnection(id)).contains(c);
  }

  @Test
  void replaceSocketDataWritesOnlyOverTheExpectedValue() {
    String ns = nsp("cas");
    String id = cid("cas");
    seeded(id, ns, "sid-cas", "r");
    String stored = store.getSocket(id, ns).orElseThrow().dataJson();

    assertThat(store.replaceSocketData(id, ns, stored, "{\"a\":1}").written()).isTrue();
    StateStore.DataWrite stale = store.replaceSocketData(id, ns, stored, "{\"b\":2}");

    assertThat(stale.written()).isFalse();
    assertThat(stale.current()).contains("{\"a\":1}");
    assertThat(store.getSocket(id, ns).orElseThrow().dataJson()).isEqualTo("{\"a\":1}");
    StateStore.DataWrite gone = store.replaceSocketData(id, nsp("none"), "{}", "{}");
    assertThat(gone.written()).isFalse();
    assertThat(gone.current()).isEmpty();
  }

  // ------------------------------------------------------------------ cleanup

  @Test
  void aSocketIsCreatedOnlyOnAConnectionThatExistsAndIsNotClosing() {
    String absent = cid("nosuch");
    assertThat(store.putSocket(socket(absent, "/", "sid-x", "r"))).isFalse();
    assertThat(store.socketsOf(absent)).isEmpty();
    assertThat(memberConnections("/", "r")).doesNotContain(absent);

    String closing = cid("closing");
    store.putConnection(connection(closing, NOW + 60_000));
    store.markClosing(closing);
    assertThat(store.putSocket(socket(closing, "/", "sid-y", "r"))).isFalse();
    assertThat(store.socketsOf(closing)).isEmpty();
    assertThat(memberConnections("/", "r")).doesNotContain(closing);
  }

  @Test
  void aSocketIsNeverPutOverOneThatExistsClaimedOrNot() {
    String ns = nsp("over");
    String id = cid("oversock");
    seeded(id, ns, "sid-old", "old-room");

    assertThat(store.putSocket(socket(id, ns, "sid-new", "new-room"), NOW)).isEqualTo(StateStore.SocketPut.SOCKET_EXISTS);
    store.claimSocket(id, ns, "token-1").orElseThrow();
    assertThat(store.putSocket(socket(id, ns, "sid-new", "new-room"), NOW)).isEqualTo(StateStore.SocketPut.SOCKET_EXISTS);
    assertThat(store.getSocket(id, ns).orElseThrow().sid()).isEqualTo("sid-old");
    assertThat(memberConnections(ns, "new-room")).doesNotContain(id);

    store.deleteSocket(store.getSocket(id, ns).orElseThrow());
    assertThat(store.putSocket(socket(id, ns, "sid-new", "new-room"), NOW)).isEqualTo(StateStore.SocketPut.CREATED);
    assertThat(store.getSocket(id, ns).orElseThrow().sid()).isEqualTo("sid-new");
    assertThat(memberConnections(ns, "new-room")).contains(id);
    assertThat(store.putSocket(socket(cid("nosuch"), ns, "sid-x"), NOW)).isEqualTo(StateStore.SocketPut.CONNECTION_GONE);
  }

  @Test
  void aClientDisconnectReceivedBeforeTheConnectThatMadeOrWasAnsweredWithTheSocketLeavesIt() {
    String ns = nsp("order");
    String id = cid("ordered");
    seededByConnectAt(NOW + 100, id, ns, "sid-o");

    assertThat(store.claimSocket(id, ns, "t-before", NOW + 99)).as("received before the CONNECT").isEmpty();

    assertThat(store.answerConnect(id, ns, NOW + 200)).map(SocketRecord::sid).contains("sid-o");
    assertThat(store.answerConnect(id, ns, NOW + 150)).as("an older CONNECT keeps the later time")
        .map(SocketRecord::sid).contains("sid-o");
    assertThat(store.claimSocket(id, ns, "t-between", NOW + 180)).isEmpty();
    assertThat(store.claimSocket(id, ns, "t-same", NOW + 200)).as("received with the answered CONNECT").isEmpty();

    assertThat(store.claimSocket(id, ns, "t-after", NOW + 201)).as("received after every CONNECT").isPresent();
    assertThat(store.answerConnect(id, ns, NOW + 300)).as("claimed: its disconnect is under way").isEmpty();
    assertThat(store.claimSocket(id, ns, "t-server")).as("another caller").isEmpty();
    assertThat(store.answerConnect(id, nsp("none"), NOW + 300)).isEmpty();
  }

  @Test
  void aClientDisconnectReceivedWithTheConnectThatMadeTheSocketEndsIt() {
    String ns = nsp("same");
    String id = cid("samems");
    seededByConnectAt(NOW + 100, id, ns, "sid-s");

    assertThat(store.claimSocket(id, ns, "t-same", NOW + 100)).map(SocketRecord::sid).contains("sid-s");
  }

  @Test
  void oneCallerClaimsASocketAndAClaimedSocketJoinsNoMoreRooms() {
    String ns = nsp("claim");
    String id = cid("claimsock");
    seeded(id, ns, "sid-c", "before");

    SocketRecord claimed = store.claimSocket(id, ns, "token-1").orElseThrow();
    assertThat(store.claimSocket(id, ns, "token-1")).as("a retry of the same claim").isPresent();
    assertThat(store.claimSocket(id, ns, "token-2")).as("another caller").isEmpty();
    assertThat(claimed.rooms()).contains("before", "sid-c");

    store.join(claimed, List.of("after"));
    assertThat(memberConnections(ns, "after")).doesNotContain(id);
    assertThat(store.getSocket(id, ns).orElseThrow().rooms()).doesNotContain("after");
    assertThat(store.claimSocket(id, nsp("none"), "token-1")).isEmpty();
  }

  @Test
  void aSocketAnotherCallerClaimedSurvivesCleanupSoTheRetryOfAClaimWhoseAnswerWasLostStillGetsIt() {
    String ns = nsp("lost");
    String id = cid("lostanswer");
    seeded(id, ns, "sid-l", "room");
    store.claimSocket(id, ns, "claimer").orElseThrow(); // applied, but its answer never reached the claimer
    store.markClosing(id);
    assertThat(store.claimSocket(id, ns, "remover")).isEmpty();

    store.deleteConnection(id, "remover");

    SocketRecord retried = store.claimSocket(id, ns, "claimer").orElseThrow(); // the SDK's retry
    assertThat(retried.sid()).isEqualTo("sid-l");
    assertThat(retried.rooms()).contains("room");
    assertThat(memberConnections(ns, "room")).contains(id);
    assertThat(store.getConnection(id)).as("left for the heartbeat").isPresent();
    assertThat(store.putSocket(socket(id, nsp("late"), "sid-late"))).as("still closing").isFalse();

    store.deleteSocket(retried); // the claimer's own cleanup
    store.deleteConnection(id, "heartbeat"); // the heartbeat's later visit
    assertThat(store.getConnection(id)).isEmpty();
    assertThat(memberConnections(ns, "room")).doesNotContain(id);
  }

  @Test
  void cleanupRemovesTheSocketsTheCallerClaimedAndThoseOfAClaimOlderThanAClaimLives() {
    String died = nsp("died");
    String mine = nsp("mine");
    String id = cid("oldclaim");
    seeded(id, died, "sid-d", "room");
    store.putSocket(socket(id, mine, "sid-m", "room"));
    store.claimSocket(id, died, "dead-claimer").orElseThrow();
    store.markClosing(id);
    storeClock.advance(StateStore.CLAIM_LIFETIME_MS - 60_000);
    store.claimSocket(id, mine, "remover").orElseThrow();

    store.deleteConnection(id, "remover");

    assertThat(store.getSocket(id, mine)).as("claimed by the caller").isEmpty();
    assertThat(store.getSocket(id, died)).as("claimed 14 minutes ago").isPresent();
    assertThat(store.getConnection(id)).isPresent();

    storeClock.advance(120_000);
    store.deleteConnection(id, "heartbeat");

    assertThat(store.getConnection(id)).isEmpty();
    assertThat(store.socketsOf(id)).isEmpty();
    for (String ns : List.of(died, mine)) {
      assertThat(memberConnections(ns, "room")).doesNotContain(id);
      assertThat(memberConnections(ns, "")).doesNotContain(id);
    }
  }


  @Test
  void deleteConnectionRemovesEverythingOfThatConnectionAndNothingOfOthers() {
    String ns = nsp("bye");
    String gone = cid("gone");
    String kept = cid("kept");
    for (String id : List.of(gone, kept)) {
      store.putConnection(connection(id, NOW - 1_000));
      store.putSocket(socket(id, "/", "main-" + id, "shared"));
      SocketRecord s = socket(id, ns, "ns-" + id, "shared");
      store.putSocket(s);
      store.join(s, List.of("joined"));
      store.putAck(ack(id, 11, NOW - 10));
      store.addBinaryPart(id, NOW, "51-[\"x\",{\"_placeholder\":true,\"num\":0}]", null);
    }

    store.deleteConnection(gone);

    assertThat(store.getConnection(gone)).isEmpty();
    assertThat(store.socketsOf(gone)).isEmpty();
    assertThat(store.getSocket(gone, ns)).isEmpty();
    assertThat(store.binaryParts(gone)).isEmpty();
    assertThat(store.takeAck(gone, 11)).isEmpty();
    assertThat(dueOf(NOW, gone)).isEmpty();
    for (String room : List.of("", "shared", "joined", "ns-" + gone)) {
      assertThat(memberConnections(ns, room)).doesNotContain(gone);
    }
    assertThat(memberConnections("/", "main-" + gone)).isEmpty();

    assertThat(store.getConnection(kept)).isPresent();
    assertThat(store.socketsOf(kept)).hasSize(2);
    assertThat(memberConnections(ns, "")).contains(kept);
    assertThat(memberConnections(ns, "shared")).contains(kept);
    assertThat(memberConnections(ns, "joined")).contains(kept);
    assertThat(store.binaryParts(kept)).hasSize(1);
    assertThat(dueOf(NOW, kept)).containsExactlyInAnyOrder(
        new DueItem(kept, null, NOW - 1_000), new DueItem(kept, 11L, NOW - 10));
    assertThat(store.takeAck(kept, 11)).isPresent();
  }

  @Test
  void deleteConnectionOfAnUnknownIdIsHarmless() {
    store.deleteConnection(cid("never"));

    assertThat(store.getConnection(cid("never"))).isEqualTo(Optional.empty());
  }

  @Test
  void countersAddUpAcrossWritesAndAreReadByBucketBeyondOneBatch() {
    String a = "contract#" + UUID.randomUUID();
    String b = "contract#" + UUID.randomUUID();
    store.addCounts(a, Map.of("packetsIn", 2L, "rawDisconnection:transport close", 1L), NOW + 60_000);
    store.addCounts(a, Map.of("packetsIn", 3L), NOW + 60_000);
    store.addCounts(b, Map.of("bytesOut", 7L), NOW + 60_000);
    List<String> asked = new java.util.ArrayList<>();
    for (int i = 0; i < 140; i++) {
      asked.add("contract#never#" + UUID.randomUUID());
    }
    asked.add(70, a);
    asked.add(b); // past the first 100 keys

    Map<String, Map<String, Long>> read = store.counts(asked);

    assertThat(read).containsOnlyKeys(a, b);
    assertThat(read.get(a)).isEqualTo(Map.of("packetsIn", 5L, "rawDisconnection:transport close", 1L));
    assertThat(read.get(b)).isEqualTo(Map.of("bytesOut", 7L));
  }
}
