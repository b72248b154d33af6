package dev.socketiolambda.local.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.examples.support.Actor;
import dev.socketiolambda.examples.support.DemoData;
import dev.socketiolambda.examples.support.QueryStore;
import dev.socketiolambda.examples.support.SupportError;
import dev.socketiolambda.examples.support.SupportTables;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The support desk's data layer against DynamoDB Local (in-process): the requests the app and the routes make. */
class QueryStoreIT {
  private static final Actor ACME = new Actor("acme", "Acme", Actor.VENDOR);
  private static final Actor BAKERY = new Actor("bakery", "Bakery", Actor.VENDOR);
  private static final Actor SAM = new Actor("sam", "Sam", Actor.SUPPORT);
  private static final Actor ADA = new Actor("ada", "Ada", Actor.ADMIN);
  private static EmbeddedDynamoDb dynamo;
  private static final AtomicLong clock = new AtomicLong(1_780_000_000_000L);
  private static QueryStore store;

  @BeforeAll
  static void start() {
    dynamo = EmbeddedDynamoDb.start(0);
    dynamo.client().createTable(SupportTables.definition("support"));
    DemoData.createQueriesTableIfAbsent(dynamo.client(), "support-queries");
    DemoData.createQueriesTableIfAbsent(dynamo.client(), "support-queries"); // idempotent
    store = new QueryStore(dynamo.client(), "support", "support-queries", () -> clock.addAndGet(1000));
  }

  @AfterAll
  static void stop() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void aNewQueryIsOpenUnreadWithItsOwnMessageCountedForSupport() {
    ObjectNode q = store.create("acme", "Acme", "Payout", "Where is it?", ACME);
    assertThat(q.path("queryId").asText()).matches("q-[0-9a-f]{16}");
    assertThat(q.path("status").asText()).isEqualTo("open");
    assertThat(q.path("isRead").asBoolean()).isFalse();
    assertThat(q.path("unreadBySupport").asLong()).isEqualTo(1);
    assertThat(q.path("unreadByVendor").asLong()).isZero();
    assertThat(q.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(store.query(q.path("queryId").asText())).contains(q);
    assertThat(store.query("q-absent")).isEmpty();
  }

  @Test
  void creatingAnExistingIdKeepsTheFirstQuery() {
    store.create("fixed-id", "acme", "Acme", "First", "one", ACME);
    ObjectNode again = store.create("fixed-id", "acme", "Acme", "Second", "two", ACME);
    assertThat(again.path("subject").asText()).isEqualTo("First");
  }

  @Test
  void messagesGetGapFreeIdsInOrderAndCountForTheOtherSide() throws Exception {
    String id = store.create("acme", "Acme", "Ids", "m", ACME).path("queryId").asText();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<QueryStore.Sent>> sends = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Actor who = i % 2 == 0 ? ACME : SAM;
        String text = "m" + i;
        sends.add(pool.submit(() -> store.send(id, who, text)));
      }
      List<Long> ids = new ArrayList<>();
      for (Future<QueryStore.Sent> f : sends) {
        ids.add(f.get(30, TimeUnit.SECONDS).message().path("id").asLong());
      }
      assertThat(ids).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    } finally {
      pool.shutdownNow();
    }
    ObjectNode q = store.query(id).orElseThrow();
    assertThat(q.path("messageCount").asLong()).isEqualTo(12);
    assertThat(q.path("unreadBySupport").asLong()).isEqualTo(7); // the query and six vendor messages
    assertThat(q.path("unreadByVendor").asLong()).isEqualTo(6);
    assertThat(q.path("isRead").asBoolean()).isFalse();
  }

  @Test
  void historyPagesBackwardsOldestFirstWithACursor() {
    String id = store.create("acme", "Acme", "History", "m", ACME).path("queryId").asText();
    for (int i = 1; i <= 5; i++) {
      store.send(id, ACME, "text " + i);
    }
    QueryStore.Page newest = store.history(id, 0, 2);
    assertThat(newest.items()).extracting(m -> m.path("content").asText()).containsExactly("text 4", "text 5");
    assertThat(newest.nextCursor()).isEqualTo("4");
    QueryStore.Page middle = store.history(id, 4, 2);
    assertThat(middle.items()).extracting(m -> m.path("id").asLong()).containsExactly(2L, 3L);
    QueryStore.Page oldest = store.history(id, 2, 2);
    assertThat(oldest.items()).extracting(m -> m.path("id").asLong()).containsExactly(1L);
    assertThat(oldest.nextCursor()).isNull();
    assertThat(store.history(id, 0, 100).nextCursor()).isNull();
    assertThat(store.history("q-empty", 0, 10).items()).isEmpty();
  }

  @Test
  void aVendorReachesOnlyItsOwnQueriesAndAnAbsentOneIsNotFoundAlike() {
    String id = store.create("acme", "Acme", "Mine", "m", ACME).path("queryId").asText();
    assertThatThrownBy(() -> store.send(id, BAKERY, "hi")).isInstanceOfSatisfying(SupportError.class,
        e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    assertThatThrownBy(() -> store.markRead(id, BAKERY)).isInstanceOf(SupportError.class);
    assertThatThrownBy(() -> store.send("q-absent", SAM, "hi")).isInstanceOfSatisfying(SupportError.class,
        e -> assertThat(e.getMessage()).isEqualTo("no support query q-absent"));
    // nothing was stored by the refusals
    assertThat(store.query(id).orElseThrow().path("messageCount").asLong()).isZero();
    assertThat(store.query("q-absent")).isEmpty();
  }

  @Test
  void staffReadsSetIsReadAndClearTheirCountTheVendorsReadClearsItsOwn() {
    String id = store.create("acme", "Acme", "Read", "m", ACME).path("queryId").asText();
    store.send(id, SAM, "answer");
    ObjectNode bySupport = store.markRead(id, SAM);
    assertThat(bySupport.path("isRead").asBoolean()).isTrue();
    assertThat(bySupport.path("unreadBySupport").asLong()).isZero();
    assertThat(bySupport.path("unreadByVendor").asLong()).isEqualTo(1);
    assertThat(bySupport.path("readBy").asText()).isEqualTo("sam");
    assertThat(bySupport.path("readByRole").asText()).isEqualTo("support");
    ObjectNode byVendor = store.markRead(id, ACME);
    assertThat(byVendor.path("unreadByVendor").asLong()).isZero();
    assertThat(byVendor.path("readByRole").asText()).isEqualTo("vendor");
    assertThat(byVendor.path("readAt").asText()).isGreaterThan(bySupport.path("readAt").asText());
    // a vendor's message makes it unread for support again
    ObjectNode after = store.send(id, ACME, "one more").query();
    assertThat(after.path("isRead").asBoolean()).isFalse();
    assertThat(after.path("unreadBySupport").asLong()).isEqualTo(1);
  }

  @Test
  void listingsAreNewestFirstPerVendorAndAllForStaffWithACursor() {
    String a1 = store.create("lister", "Lister", "L1", "m", new Actor("lister", "Lister", Actor.VENDOR))
        .path("queryId").asText();
    String a2 = store.create("lister", "Lister", "L2", "m", ADA).path("queryId").asText();
    Actor lister = new Actor("lister", "Lister", Actor.VENDOR);
    QueryStore.Page first = store.list(lister, 1, null);
    assertThat(first.items()).extracting(q -> q.path("queryId").asText()).containsExactly(a2);
    assertThat(first.nextCursor()).isNotNull();
    QueryStore.Page second = store.list(lister, 1, first.nextCursor());
    assertThat(second.items()).extracting(q -> q.path("queryId").asText()).containsExactly(a1);
    assertThat(store.list(lister, 10, null).items()).hasSize(2);
    assertThat(store.list(SAM, 100, null).items()).extracting(q -> q.path("queryId").asText()).contains(a1, a2)
        .startsWith(a2);
    // the listing reads fresh state: a read shows
    store.markRead(a1, SAM);
    assertThat(store.list(lister, 10, null).items().get(1).path("isRead").asBoolean()).isTrue();
  }
}
