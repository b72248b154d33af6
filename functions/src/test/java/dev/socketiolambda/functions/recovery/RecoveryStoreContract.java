package dev.socketiolambda.functions.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RecoveryStore} does; run against memory and DynamoDB Local. */
public abstract class RecoveryStoreContract {
  private static final long T0 = 1_700_000_000_000L;
  private RecoveryStore store;

  /** A fresh, empty store. */
  protected abstract RecoveryStore newStore();

  @BeforeEach
  void fresh() {
    store = newStore();
  }

  private static LoggedEvent event(String offset, String nsp, String... rooms) {
    return new LoggedEvent(offset, nsp, Set.of(rooms), Set.of("muted"), "conn-1",
        List.of("42[\"e\",\"" + offset + "\"]", "b AQID"));
  }

  @Test
  void readsTheNamespaceLogFromAnOffsetInOffsetOrderAcrossMinutes() {
    Offsets offsets = new Offsets();
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String o = offsets.next(T0 + i * 45_000L); // spans several minutes (buckets)
      made.add(o);
      store.append(event(o, "/chat", "room" + i), T0 + 600_000);
    }
    store.append(event(offsets.next(T0 + 1), "/other"), T0 + 600_000);

    List<LoggedEvent> read = store.from("/chat", made.get(1), T0 + 300_000, 100);

    assertThat(read).extracting(LoggedEvent::offset).containsExactlyElementsOf(made.subList(1, 6));
    LoggedEvent first = read.get(0);
    assertThat(first.rooms()).containsExactly("room1");
    assertThat(first.except()).containsExactly("muted");
    assertThat(first.excludedConnection()).isEqualTo("conn-1");
    assertThat(first.frames()).containsExactly("42[\"e\",\"" + made.get(1) + "\"]", "b AQID");
  }

  @Test
  void stopsAfterTheLimit() {
    Offsets offsets = new Offsets();
    String start = offsets.next(T0);
    store.append(event(start, "/"), T0 + 600_000);
    for (int i = 0; i < 20; i++) {
      store.append(event(offsets.next(T0 + i), "/"), T0 + 600_000);
    }

    assertThat(store.from("/", start, T0 + 1_000, 5)).hasSize(5).first().extracting(LoggedEvent::offset)
        .isEqualTo(start);
  }

  @Test
  void aNamespaceWithoutEventsReadsEmpty() {
    assertThat(store.from("/nothing", new Offsets().next(T0), T0 + 120_000, 10)).isEmpty();
  }

  @Test
  void keepsASessionUntilItIsTakenOnce() {
    Session s = new Session("/chat", "sid-1", "conn-1", Set.of("sid-1", "red"), "{\"n\":1}", T0, T0 + 120_000);
    store.saveSession("hash-1", s);

    assertThat(store.takeSession("hash-1")).contains(s);
    assertThat(store.takeSession("hash-1")).isEmpty();
    assertThat(store.takeSession("hash-2")).isEmpty();
  }

  @Test
  void parallelTakesOfOneSessionGetItOnce() throws Exception {
    store.saveSession("hash-1", new Session("/", "sid", "conn", Set.of("sid"), "{}", T0, T0 + 120_000));
    ConcurrentLinkedQueue<Session> got = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < 8; i++) {
        pool.submit(() -> store.takeSession("hash-1").ifPresent(got::add));
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(got).hasSize(1);
  }
}
