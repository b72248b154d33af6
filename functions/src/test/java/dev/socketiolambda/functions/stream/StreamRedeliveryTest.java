package dev.socketiolambda.functions.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.fanout.InMemoryShardLedger;
import dev.socketiolambda.functions.fanout.Shard;
import dev.socketiolambda.functions.fanout.ShardCodec;
import dev.socketiolambda.functions.fanout.ShardQueue;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.testing.RecordingGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Stream rules over the real fan-out (in-memory store and ledger, recording gateway): a recipient
 * that fails does not make the others get the event again, what could not be delivered is kept
 * with its frames for a replay, and clients can drop duplicates by an id argument.
 */
class StreamRedeliveryTest {
  private static final String ORDER = "{\"orderId\":\"o1\",\"customerId\":\"u42\",\"status\":\"placed\"}";

  private final RecordingGateway gateway = new RecordingGateway();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final InMemoryShardLedger ledger = new InMemoryShardLedger();
  private final List<String> log = new ArrayList<>();
  private final List<Shard> queued = new ArrayList<>();

  private StreamProcessor processor(Rules rules, ShardQueue queue) {
    FanOut fanOut = new FanOut(store, new GatewayTransport(id -> gateway, null), FanOutSettings.DEFAULT, queue,
        ledger, id -> { }, e -> log.add(String.valueOf(e)));
    return new StreamProcessor(rules, null, new Emitter(fanOut), log::add,
        Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private void connect(String connectionId, String room) {
    store.putConnection(new ConnectionRecord(connectionId, "e-" + connectionId, "ep", 1, "ip", Map.of(), Map.of(), 0,
        0, 0, 5));
    store.putSocket(new SocketRecord(connectionId, "/orders", "sid-" + connectionId, "{}", "{}", Set.of(room), 1));
  }

  private static String statusChange() {
    return StreamEvents.event(StreamEvents.modify("orders", "100").eventId("E100").keys("{\"orderId\":\"o1\"}")
        .change(ORDER, "{\"status\":\"preparing\",\"updatedAt\":\"2024-06-01T12:00:00.000Z\"}"));
  }

  @Test
  void aRetriedRecordReachesOnlyTheRecipientThatFailed() {
    connect("A", "user:u42");
    connect("B", "order:o1");
    connect("C", "role:admin");
    gateway.failNext("B", FanOutSettings.DEFAULT.attempts(), 500);
    StreamProcessor p = processor(Rules.fromClasspath("stream/orders-rules.json"), null);

    StreamResponse first = p.process(statusChange());
    StreamResponse retry = p.process(statusChange()); // Lambda retries the record it was told failed

    assertThat(first.batchItemFailures()).containsExactly("100");
    assertThat(retry.batchItemFailures()).isEmpty();
    assertThat(gateway.frames("A")).hasSize(1);
    assertThat(gateway.frames("B")).hasSize(1);
    assertThat(gateway.frames("C")).hasSize(1);
  }

  @Test
  void whatCouldNotBeDeliveredIsQueuedWithItsFramesAndReplaysOnce() {
    connect("A", "user:u42");
    connect("B", "order:o1");
    gateway.failNext("B", FanOutSettings.DEFAULT.attempts(), 500);
    ShardQueue queue = shards -> {
      queued.addAll(shards);
      return CompletableFuture.completedFuture(null);
    };
    StreamProcessor p = processor(Rules.fromClasspath("stream/orders-rules.json"), queue);

    StreamResponse r = p.process(statusChange());

    // the record is done (the stream moves on); B's delivery waits in the queue, replayable
    assertThat(r.batchItemFailures()).isEmpty();
    assertThat(queued).hasSize(1);
    Shard kept = ShardCodec.read(ShardCodec.write(queued.get(0))); // what an operator finds in the queue or DLQ
    assertThat(kept.connectionIds()).containsExactly("B");
    assertThat(kept.eventId()).isEqualTo("E100/order-status");
    assertThat(kept.frames()).isEqualTo(gateway.frames("A"));

    FanOut replay = new FanOut(store, new GatewayTransport(id -> gateway, null), FanOutSettings.DEFAULT, null, ledger,
        id -> { }, e -> { });
    replay.deliverQueued(kept, FanOut.DEFAULT_BUDGET_MS);
    replay.deliverQueued(kept, FanOut.DEFAULT_BUDGET_MS); // replayed twice by mistake

    assertThat(gateway.frames("A")).hasSize(1);
    assertThat(gateway.frames("B")).isEqualTo(gateway.frames("A"));
  }

  @Test
  void theIdArgumentFollowsAnyPayloadShape() {
    connect("A", "user:u42");
    Rules rules = Rules.load("""
        {"rules": [{"name": "status", "table": "orders", "on": ["MODIFY"], "namespace": "/orders",
          "event": "status", "rooms": ["user:${customerId}"], "idArgument": true,
          "payload": {"attributes": ["status"]}}]}
        """);

    processor(rules, null).process(statusChange());

    assertThat(gateway.frames("A")).containsExactly("42/orders,[\"status\",{\"status\":\"preparing\"},\"E100/status\"]");
  }

  @Test
  void anIdArgumentThatIsNotABooleanIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rules.load("""
        {"rules": [{"name": "s", "table": "orders", "on": ["MODIFY"], "namespace": "/orders", "event": "status",
          "rooms": ["r"], "idArgument": "yes"}]}
        """)).isInstanceOf(RuleException.class).hasMessageContaining("'idArgument' must be true or false");
  }
}
