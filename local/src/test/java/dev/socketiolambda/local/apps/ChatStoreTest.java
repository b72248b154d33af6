package dev.socketiolambda.local.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.examples.chat.ChatError;
import dev.socketiolambda.examples.chat.ChatStore;
import dev.socketiolambda.examples.chat.ChatTables;
import dev.socketiolambda.examples.chat.DemoData;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat's data layer against DynamoDB Local: ids, marks, presence, pagination, authorization in writes. */
class ChatStoreTest {
  private static final AtomicInteger CHANNELS = new AtomicInteger();
  private static EmbeddedDynamoDb dynamo;
  private static ChatStore store;

  @BeforeAll
  static void start() {
    dynamo = EmbeddedDynamoDb.start(0);
    dynamo.client().createTable(ChatTables.definition("chat"));
    store = new ChatStore(dynamo.client(), "chat", System::currentTimeMillis);
  }

  @AfterAll
  static void stop() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  /** A fresh public channel with admin "a" and members "b", "c". */
  private static String channel() {
    String id = "c" + CHANNELS.incrementAndGet();
    store.createChannel(id, "Channel " + id, false, "a");
    store.addMember(id, "a", "admin");
    store.addMember(id, "b", "member");
    store.addMember(id, "c", "member");
    return id;
  }

  @Test
  void concurrentSendsGetDistinctIncreasingIdsAndNoneIsLost() throws Exception {
    String ch = channel();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ObjectNode>> sent = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        sent.add(pool.submit(() -> store.send(ch, n % 2 == 0 ? "a" : "b", "X", "m" + n, null).message()));
      }
      Set<Long> ids = new TreeSet<>();
      for (Future<ObjectNode> f : sent) {
        ids.add(f.get(60, TimeUnit.SECONDS).get("id").asLong());
      }
      assertThat(ids).hasSize(40).first().isEqualTo(1L);
      assertThat(ids).last().isEqualTo(40L);
      assertThat(store.channel(ch).orElseThrow().lastMessageId()).isEqualTo(40);
      // the history holds all of them, newest page first, oldest first within a page
      List<Long> all = new ArrayList<>();
      long before = 0;
      do {
        ChatStore.Page page = store.history(ch, before, 15);
        List<Long> pageIds = page.messages().stream().map(m -> m.get("id").asLong()).toList();
        assertThat(pageIds).isSorted();
        all.addAll(0, pageIds);
        before = page.nextCursor();
      } while (before != 0);
      assertThat(all).hasSize(40).isSorted().doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentRetriesWithOneClientIdStoreOneMessage() throws Exception {
    String ch = channel();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ChatStore.Sent>> sends = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        sends.add(pool.submit(() -> store.send(ch, "a", "A", "once", "client-7")));
      }
      List<ChatStore.Sent> outcomes = new ArrayList<>();
      for (Future<ChatStore.Sent> f : sends) {
        outcomes.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(outcomes).filteredOn(o -> !o.duplicate()).hasSize(1);
      assertThat(outcomes).extracting(o -> o.message().get("id").asLong()).containsOnly(outcomes.get(0).message()
          .get("id").asLong());
      assertThat(outcomes).allSatisfy(o -> assertThat(o.message().get("clientId").asText()).isEqualTo("client-7"));
      assertThat(store.history(ch, 0, 50).messages()).filteredOn(m -> m.get("content").asText().equals("once"))
          .hasSize(1);
      // another user's same client id, or another channel's, is another message
      assertThat(store.send(ch, "b", "B", "once", "client-7").duplicate()).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void onlyActiveMembersSendAndLeavingIsEnforcedInTheWrite() {
    String ch = channel();
    assertThatThrownBy(() -> store.send(ch, "stranger", "S", "hi", null))
        .isInstanceOfSatisfying(ChatError.class, e -> assertThat(e.code()).isEqualTo(ChatError.FORBIDDEN));
    assertThatThrownBy(() -> store.send("missing", "a", "A", "hi", null))
        .isInstanceOfSatisfying(ChatError.class, e -> assertThat(e.code()).isEqualTo(ChatError.NOT_FOUND));
    assertThat(store.deactivate(ch, "c")).isTrue();
    assertThat(store.deactivate(ch, "c")).isFalse();
    assertThatThrownBy(() -> store.send(ch, "c", "C", "hi", null)).isInstanceOf(ChatError.class);
    assertThat(store.activeMemberships("c")).noneMatch(m -> m.channelId().equals(ch));
    assertThat(store.activate(ch, "c")).isTrue();
    assertThat(store.activate(ch, "c")).isFalse();
    assertThat(store.membership(ch, "c").orElseThrow().role()).isEqualTo("member");
    assertThat(store.activate(ch, "a")).isFalse();
    assertThat(store.membership(ch, "a").orElseThrow().role()).as("rejoining keeps the role").isEqualTo("admin");
  }

  @Test
  void readMarksOnlyRiseAndUnreadCountsOthersMessagesNotDeleted() {
    String ch = channel();
    long m1 = store.send(ch, "a", "A", "1", null).message().get("id").asLong();
    long m2 = store.send(ch, "a", "A", "2", null).message().get("id").asLong();
    long mine = store.send(ch, "b", "B", "mine", null).message().get("id").asLong();
    long m3 = store.send(ch, "a", "A", "3", null).message().get("id").asLong();
    store.delete(ch, m3, "a", false);
    assertThat(store.unread(ch, "c", 0, 100)).isEqualTo(3);
    assertThat(store.unread(ch, "b", 0, 100)).as("own messages do not count").isEqualTo(2);
    assertThat(store.unread(ch, "c", 0, 2)).as("capped").isEqualTo(2);
    assertThat(store.membership(ch, "b").orElseThrow().lastReadId()).as("the sender has read its own message")
        .isEqualTo(mine);
    assertThat(store.markRead(ch, "c", m2)).isEqualTo(new ChatStore.Mark(m2, true));
    assertThat(store.markRead(ch, "c", m1)).isEqualTo(new ChatStore.Mark(m2, false));
    assertThat(store.markRead(ch, "c", m2)).isEqualTo(new ChatStore.Mark(m2, false));
    assertThat(store.unread(ch, "c", m2, 100)).isEqualTo(1);
    assertThat(store.markDelivered(ch, "c", m1)).isEqualTo(new ChatStore.Mark(m1, true));
    assertThatThrownBy(() -> store.markRead(ch, "stranger", m1)).isInstanceOf(ChatError.class);
  }

  @Test
  void editAndDeleteRules() {
    String ch = channel();
    long id = store.send(ch, "b", "B", "original", null).message().get("id").asLong();
    assertThatThrownBy(() -> store.edit(ch, id, "c", "nope"))
        .isInstanceOfSatisfying(ChatError.class, e -> assertThat(e.code()).isEqualTo(ChatError.FORBIDDEN));
    assertThat(store.edit(ch, id, "b", "changed").get("content").asText()).isEqualTo("changed");
    assertThat(store.message(ch, id).orElseThrow().get("editedAt").isTextual()).isTrue();
    assertThatThrownBy(() -> store.delete(ch, id, "c", false))
        .isInstanceOfSatisfying(ChatError.class, e -> assertThat(e.code()).isEqualTo(ChatError.FORBIDDEN));
    ObjectNode deleted = store.delete(ch, id, "a", true);
    assertThat(deleted.get("deleted").asBoolean()).isTrue();
    assertThat(deleted.get("content").asText()).isEmpty();
    assertThatThrownBy(() -> store.edit(ch, id, "b", "again"))
        .isInstanceOfSatisfying(ChatError.class, e -> assertThat(e.code()).isEqualTo(ChatError.NOT_FOUND));
    assertThatThrownBy(() -> store.react(ch, id, "c", "like", true))
        .isInstanceOfSatisfying(ChatError.class, e -> assertThat(e.code()).isEqualTo(ChatError.NOT_FOUND));
  }

  @Test
  void readingPresenceForgetsConnectionsTheRuntimeNoLongerHas() {
    store.connect("heal-a", "ha-1");
    store.connect("heal-a", "ha-2");
    store.connect("heal-b", "hb-1");
    store.connect("heal-c", "hc-1");
    store.hide("heal-c", true);
    List<String> askedAbout = new ArrayList<>();
    List<String> wentOffline = new ArrayList<>();

    Set<String> online = store.online(List.of("heal-a", "heal-b", "heal-c", "heal-nobody"), ids -> {
      askedAbout.addAll(ids);
      return Set.of("ha-2");
    }, wentOffline::add);

    assertThat(online).containsExactly("heal-a");
    assertThat(askedAbout).containsExactlyInAnyOrder("ha-1", "ha-2", "hb-1", "hc-1"); // one question for all
    assertThat(wentOffline).as("hidden users were not seen online: no offline news").containsExactly("heal-b");
    assertThat(store.online(List.of("heal-a", "heal-b"))).containsExactly("heal-a");
    assertThat(store.disconnect("heal-a", "ha-2")).as("ha-1 was forgotten: ha-2 was the last").isTrue();
    store.hide("heal-c", false);
    assertThat(store.online(List.of("heal-c"))).as("hc-1 was forgotten too").isEmpty();
  }

  @Test
  void presenceCountsConnectionsAndHiding() {
    assertThat(store.connect("p", "conn-1")).as("first connection").isTrue();
    assertThat(store.connect("p", "conn-2")).isFalse();
    assertThat(store.online(List.of("p", "nobody"))).containsExactly("p");
    assertThat(store.disconnect("p", "conn-1")).isFalse();
    assertThat(store.disconnect("p", "conn-1")).as("twice").isFalse();
    assertThat(store.hide("p", true)).isTrue();
    assertThat(store.online(List.of("p"))).isEmpty();
    assertThat(store.hide("p", true)).isFalse();
    assertThat(store.disconnect("p", "conn-2")).as("hidden: nobody saw p online").isFalse();
    assertThat(store.hide("p", false)).as("no connection left: nothing to show").isFalse();
    assertThat(store.connect("p", "conn-3")).isTrue();
    assertThat(store.disconnect("p", "conn-3")).isTrue();
    assertThat(store.online(List.of("p"))).isEmpty();
  }

  @Test
  void demoDataIsIdempotent() {
    DemoData.seed(store);
    DemoData.seed(store);
    assertThat(store.channel("general").orElseThrow().lastMessageId()).isEqualTo(1);
    assertThat(store.activeMemberships("dave")).extracting(ChatStore.Membership::channelId).containsExactly("general");
    assertThat(store.channel("design").orElseThrow().isPrivate()).isTrue();
  }
}
