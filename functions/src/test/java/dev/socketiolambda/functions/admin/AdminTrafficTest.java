package dev.socketiolambda.functions.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.socketiolambda.functions.observability.Traffic;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin UI's aggregated events: counted per instance, summed per second in the store, each second read once. */
class AdminTrafficTest {
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final AtomicLong clock = new AtomicLong(1_764_900_000_500L);
  private final AtomicBoolean uiConnected = new AtomicBoolean();
  private final AtomicInteger asked = new AtomicInteger();
  private AdminTraffic traffic;

  @BeforeEach
  void setUp() {
    traffic = new AdminTraffic(() -> store, () -> {
      asked.incrementAndGet();
      return uiConnected.get();
    }, clock::get);
    Traffic.runtime().drain(); // what other tests of this JVM counted
  }

  private static JsonNode find(ArrayNode events, String type) {
    for (JsonNode e : events) {
      if (e.path("type").asText().equals(type)) {
        return e;
      }
    }
    throw new AssertionError("no " + type + " in " + events);
  }

  @Test
  void withAUiConnectedTheCountsOfAnInvocationAreAddedToItsSecondAndSentAsTheOfficialServerSendsThem() {
    uiConnected.set(true);
    Traffic.runtime().connected();
    Traffic.runtime().received("42[\"hello\",\"wörld\"]");
    Traffic.runtime().received("3"); // a pong: no data, no packet
    Traffic.runtime().received(null); // an event without a body: nothing, no failure
    Traffic.runtime().sent("43[]");
    Traffic.runtime().disconnected("ping timeout");
    traffic.invocationEnded();
    Traffic.runtime().received("42[\"again\"]");
    traffic.invocationEnded(); // a second invocation in the same second: summed

    long second = clock.get() / 1000;
    ArrayNode events = AdminTraffic.read(store, second, second + 1);

    assertThat(find(events, "packetsIn").path("count").asLong()).isEqualTo(2);
    assertThat(find(events, "bytesIn").path("count").asLong())
        .as("the data's UTF-8 bytes, after the Engine.IO type")
        .isEqualTo("2[\"hello\",\"wörld\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            + "2[\"again\"]".length());
    assertThat(find(events, "packetsOut").path("count").asLong()).isEqualTo(1);
    assertThat(find(events, "bytesOut").path("count").asLong()).isEqualTo(3);
    assertThat(find(events, "rawConnection").path("count").asLong()).isEqualTo(1);
    JsonNode gone = find(events, "rawDisconnection");
    assertThat(gone.path("subType").asText()).isEqualTo("ping timeout");
    assertThat(gone.path("timestamp").asLong()).isEqualTo(second * 1000);
    assertThat(find(events, "packetsIn").has("subType")).isFalse();
  }

  @Test
  void withoutAUiTheCountsAreDroppedAndTheInstanceAsksAgainOnlyAfterTenSeconds() {
    Traffic.runtime().received("42[\"unseen\"]");
    traffic.invocationEnded();
    Traffic.runtime().received("42[\"unseen\"]");
    traffic.invocationEnded();
    long second = clock.get() / 1000;

    assertThat(AdminTraffic.read(store, second - 60, second + 60)).isEmpty();
    assertThat(asked).hasValue(1);

    uiConnected.set(true);
    clock.addAndGet(AdminTraffic.WATCH_CHECK_MS);
    Traffic.runtime().received("42[\"seen\"]");
    traffic.invocationEnded();
    assertThat(asked).hasValue(2);
    assertThat(find(AdminTraffic.read(store, clock.get() / 1000, clock.get() / 1000 + 1), "packetsIn")
        .path("count").asLong()).isEqualTo(1);
  }

  @Test
  void aUiThatConnectsThroughThisInstanceIsWatchedAtOnce() {
    Traffic.runtime().received("42[\"before\"]");
    traffic.invocationEnded();
    traffic.uiArrived();
    Traffic.runtime().received("42[\"after\"]");
    traffic.invocationEnded();

    assertThat(asked).hasValue(1);
    assertThat(find(AdminTraffic.read(store, clock.get() / 1000, clock.get() / 1000 + 1), "packetsIn")
        .path("count").asLong()).isEqualTo(1);
  }

  @Test
  void consecutiveTicksReadConsecutiveSettledSecondsSoEachSecondIsSentOnce() {
    long due = 1_764_900_010_000L;
    long[] first = AdminTraffic.window(due, 5_000);
    long[] second = AdminTraffic.window(due + 5_000, 5_000);

    assertThat(first[1] - first[0]).isEqualTo(5);
    assertThat(second[0]).isEqualTo(first[1]);
    assertThat(first[1] * 1000).isLessThanOrEqualTo(due - AdminTraffic.SETTLE_MS);
  }
}
