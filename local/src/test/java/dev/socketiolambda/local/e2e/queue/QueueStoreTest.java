package dev.socketiolambda.local.e2e.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.examples.queue.QueueStore;
import dev.socketiolambda.examples.queue.QueueTables;
import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue's data layer against DynamoDB Local: numbering, positions, call next under concurrency, the counter lifecycle. */
class QueueStoreTest {
  private static final AtomicInteger SERVICES = new AtomicInteger();
  private static EmbeddedDynamoDb dynamo;
  private static QueueStore store;

  @BeforeAll
  static void start() {
    dynamo = EmbeddedDynamoDb.start(0);
    QueueTables.createDomainTablesIfAbsent(dynamo.client());
    dynamo.client().createTable(QueueTables.clients("clients"));
    store = new QueueStore(dynamo.client(), "clients", System::currentTimeMillis);
  }

  @AfterAll
  static void stop() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  /** A fresh service with {@code counters} open counters ({@code <service>-c1}, ...). */
  private static String service(int counters) {
    String s = "S" + SERVICES.incrementAndGet();
    assertThat(store.createService(s, "Q")).isTrue();
    for (int i = 1; i <= counters; i++) {
      assertThat(store.createCounter(s + "-c" + i, "Desk " + i, s)).isTrue();
      store.setOpen(s + "-c" + i, true);
    }
    return s;
  }

  @Test
  void ticketsAreNumberedInOrderWithTheirPositions() {
    String s = service(1);
    ObjectNode first = store.take(s, "u1", "normal");
    ObjectNode second = store.take(s, "u2", "high");
    assertThat(first.path("ticketNumber").asText()).isEqualTo("Q-001");
    assertThat(second.path("ticketId").asText()).isEqualTo(s + "-2");
    assertThat(second.path("position").asLong()).isEqualTo(2);
    assertThat(store.service(s).orElseThrow().path("totalWaiting").asLong()).isEqualTo(2);
    store.callNext(s + "-c1");
    assertThat(store.ticket(s + "-2").orElseThrow().path("position").asLong()).isEqualTo(1);
    assertThat(store.ticket(s + "-1").orElseThrow().has("position")).isFalse();
    assertThat(store.nextClientNumber()).isLessThan(store.nextClientNumber());
  }

  @Test
  void countersCallingAtOnceNeverServeOneTicketTwiceNorLoseOne() throws Exception {
    String s = service(4);
    for (int i = 0; i < 12; i++) {
      store.take(s, "u" + i, "normal");
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<String> served = new ArrayList<>();
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<ObjectNode>> calls = new ArrayList<>();
        for (int c = 1; c <= 4; c++) {
          String counter = s + "-c" + c;
          calls.add(pool.submit(() -> store.callNext(counter)));
        }
        for (Future<ObjectNode> f : calls) {
          ObjectNode t = f.get(30, TimeUnit.SECONDS);
          served.add(t.path("ticketId").asText());
          store.complete(t.path("ticketId").asText());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(served).hasSize(12).doesNotHaveDuplicates();
    ObjectNode aggregate = store.service(s).orElseThrow();
    assertThat(aggregate.path("totalWaiting").asLong()).isZero();
    assertThat(aggregate.path("servedCount").asLong()).isEqualTo(12);
    assertThatThrownBy(() -> store.callNext(s + "-c1")).isInstanceOf(QueueStore.Refused.class)
        .hasMessageContaining("no tickets waiting");
  }

  @Test
  void aDoubleClickAtOneCounterServesOneTicket() throws Exception {
    String s = service(1);
    store.take(s, "u1", "normal");
    store.take(s, "u2", "normal");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int ok = 0;
    int refused = 0;
    try {
      List<Future<ObjectNode>> calls = List.of(pool.submit(() -> store.callNext(s + "-c1")),
          pool.submit(() -> store.callNext(s + "-c1")));
      for (Future<ObjectNode> f : calls) {
        try {
          f.get(30, TimeUnit.SECONDS);
          ok++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(QueueStore.Refused.class);
          refused++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ok).isEqualTo(1);
    assertThat(refused).isEqualTo(1);
    assertThat(store.service(s).orElseThrow().path("totalWaiting").asLong()).isEqualTo(1);
    assertThat(store.counter(s + "-c1").orElseThrow().path("status").asText()).isEqualTo(QueueStore.BUSY);
  }

  @Test
  void aTicketServedOutOfOrderIsSkippedByCallNext() {
    String s = service(1);
    store.take(s, "u1", "normal");
    store.take(s, "u2", "normal");
    store.serve(s + "-2", s + "-c1");
    store.complete(s + "-2");
    assertThat(store.callNext(s + "-c1").path("ticketId").asText()).isEqualTo(s + "-1");
    store.complete(s + "-1");
    assertThatThrownBy(() -> store.callNext(s + "-c1")).hasMessageContaining("no tickets waiting");
    assertThat(store.service(s).orElseThrow().path("totalWaiting").asLong()).isZero();
  }

  @Test
  void countersOpenAndCloseOnlyFromTheRightState() {
    String s = service(0);
    store.createCounter(s + "-x", "Desk X", s);
    assertThatThrownBy(() -> store.setOpen(s + "-x", false)).hasMessageContaining("is closed");
    assertThatThrownBy(() -> store.callNext(s + "-x")).hasMessageContaining("open it first");
    assertThat(store.setOpen(s + "-x", true).path("status").asText()).isEqualTo(QueueStore.AVAILABLE);
    store.take(s, "u", "normal");
    store.callNext(s + "-x");
    assertThatThrownBy(() -> store.setOpen(s + "-x", false)).hasMessageContaining("is busy");
    assertThatThrownBy(() -> store.setOpen("nope", true)).isInstanceOf(QueueStore.Refused.class)
        .satisfies(e -> assertThat(((QueueStore.Refused) e).status()).isEqualTo(404));
    assertThatThrownBy(() -> store.createCounter("y", "Y", "NoSuchService")).hasMessageContaining("no service");
    assertThatThrownBy(() -> store.take("NoSuchService", "u", "normal")).hasMessageContaining("no service");
  }
}
