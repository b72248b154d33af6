package dev.socketiolambda.functions.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.delivery.Transport;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.functions.testing.SlowTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FanOutShardDeliveryTest {
  private final RecordingGateway gateway = new RecordingGateway();
  private final InMemoryShardLedger ledger = new InMemoryShardLedger();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final FanOut fanOut = fanOut(null);

  private FanOut fanOut(ShardQueue queue) {
    return new FanOut(new InMemoryStateStore(), new GatewayTransport(id -> gateway, null),
        FanOutSettings.DEFAULT.withShards(2, 2), queue, ledger, id -> { }, errors::add);
  }

  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("c" + i);
    }
    return ids;
  }

  @Test
  void aRedeliveredShardReachesNobodyTwice() {
    Shard shard = new Shard("b:1#0", ids(600), List.of("42[\"x\"]"), false, null);

    BroadcastResult first = fanOut.deliverShard(shard);
    BroadcastResult again = fanOut.deliverShard(shard);

    assertThat(first.delivered()).isEqualTo(600);
    assertThat(again.recipients()).isZero();
    assertThat(gateway.sent()).hasSize(600);
  }

  @Test
  void theLastChunkIsRecordedWithTheReleaseEachEarlierOneBeforeTheNextStarts() {
    List<String> calls = new ArrayList<>();
    ShardLedger counted = new ShardLedger() {
      @Override
      public Set<String> claim(String shardId, String owner, long leaseUntilMs) {
        calls.add("claim");
        return ledger.claim(shardId, owner, leaseUntilMs);
      }

      @Override
      public void settle(String shardId, java.util.Collection<String> connectionIds) {
        calls.add("settle " + connectionIds.size());
        ledger.settle(shardId, connectionIds);
      }

      @Override
      public void release(String shardId, String owner) {
        calls.add("release");
        ledger.release(shardId, owner);
      }

      @Override
      public void settleAndRelease(String shardId, java.util.Collection<String> connectionIds, String owner) {
        calls.add("settleAndRelease " + connectionIds.size());
        ledger.settleAndRelease(shardId, connectionIds, owner);
      }
    };
    FanOut f = new FanOut(new InMemoryStateStore(), new GatewayTransport(id -> gateway, null), FanOutSettings.DEFAULT,
        null, counted, id -> { }, errors::add);

    f.deliverShard(new Shard("b:one#0", ids(1), List.of("42[\"x\"]"), false, null));
    assertThat(calls).containsExactly("claim", "settleAndRelease 1");
    calls.clear();

    Shard large = new Shard("b:large#0", ids(600), List.of("42[\"y\"]"), false, null);
    f.deliverShard(large);
    assertThat(calls).containsExactly("claim", "settle 250", "settle 250", "settleAndRelease 100");
    assertThat(f.deliverShard(large).recipients()).isZero(); // all 600 recorded: a redelivery reaches nobody
    assertThat(gateway.sent()).hasSize(601);
  }

  @Test
  void aRecipientThatFailedIsTheOnlyOneTheRedeliveryReaches() {
    gateway.failNext("c7", FanOutSettings.DEFAULT.attempts(), 500);
    Shard shard = new Shard("b:2#0", ids(10), List.of("42[\"x\"]"), false, null);

    BroadcastResult first = fanOut.deliverShard(shard);
    BroadcastResult again = fanOut.deliverShard(shard);

    assertThat(first.failed()).isEqualTo(1);
    assertThat(again.recipients()).isEqualTo(1);
    assertThat(again.failed()).isZero();
    for (String id : ids(10)) {
      assertThat(gateway.frames(id)).as(id).containsExactly("42[\"x\"]");
    }
  }

  @Test
  void aShardHeldByAnotherWorkerIsLeftForLater() {
    Shard shard = new Shard("b:3#0", ids(3), List.of("42[\"x\"]"), false, null);
    ledger.claim("b:3#0", "other-worker", System.currentTimeMillis() + 60_000);

    assertThatThrownBy(() -> fanOut.deliverShard(shard)).isInstanceOf(FanOutException.ShardBusy.class);
    assertThat(gateway.sent()).isEmpty();
  }

  @Test
  void shardsTheQueueDidNotTakeAreDeliveredWhereTheBroadcastIsMade() {
    InMemoryStateStore store = new InMemoryStateStore();
    List<Shard> queued = new ArrayList<>();
    ShardQueue halfTaken = shards -> {
      queued.addAll(shards.subList(0, 1));
      return CompletableFuture.failedFuture(new FanOutException.NotQueued(shards.subList(1, shards.size()),
          "throttled", null));
    };
    FanOut f = new FanOut(store, new GatewayTransport(id -> gateway, null), FanOutSettings.DEFAULT.withShards(2, 2),
        halfTaken, ledger, id -> { }, errors::add);
    for (String id : ids(5)) {
      store.putConnection(new ConnectionRecord(id, "e" + id, "ep", 1, "ip", Map.of(), Map.of(), 0, 0, 0, 5));
      store.putSocket(new SocketRecord(id, "/", "sid-" + id, "{}", "{}", Set.of(), 1));
    }

    BroadcastResult r = f.broadcast(new BroadcastRequest("/", Set.of(), Set.of(), null,
        List.of("42[\"x\"]"), false, "evt-9"));

    assertThat(queued).hasSize(1);
    assertThat(r.recipients()).isEqualTo(5);
    assertThat(gateway.sent()).hasSize(5 - queued.get(0).connectionIds().size());
    assertThat(errors).hasSize(1);
  }

  @Test
  void aBroadcastThatWouldOutliveItsBudgetHandsTheRestToTheQueue() {
    InMemoryStateStore store = new InMemoryStateStore();
    List<Shard> queued = new ArrayList<>();
    ShardQueue queue = shards -> {
      queued.addAll(shards);
      return CompletableFuture.completedFuture(null);
    };
    // every post takes at least 20 ms, 8 at a time: a chunk of 250 recipients takes over 600 ms
    Transport slow = new SlowTransport(gateway, 20, posts);
    FanOut f = new FanOut(store, slow, FanOutSettings.DEFAULT.withConcurrency(8), queue, ledger, id -> { },
        errors::add);
    for (String id : ids(600)) {
      store.putConnection(new ConnectionRecord(id, "e" + id, "ep", 1, "ip", Map.of(), Map.of(), 0, 0, 0, 5));
      store.putSocket(new SocketRecord(id, "/", "sid-" + id, "{}", "{}", Set.of(), 1));
    }

    // 1.5 s left: the first chunk goes, then less than the second needs is left
    BroadcastResult r = f.broadcast(new BroadcastRequest("/", Set.of(), Set.of(), null, List.of("42[\"x\"]"), false,
        null), (id, frames) -> false, 1_500);

    assertThat(r.delivered()).isEqualTo(FanOut.CHECKPOINT);
    assertThat(r.failed()).isZero();
    assertThat(queued).hasSize(1);
    assertThat(queued.get(0).connectionIds()).hasSize(600 - FanOut.CHECKPOINT);
    f.deliverQueued(queued.get(0), FanOut.DEFAULT_BUDGET_MS);
    for (String id : ids(600)) {
      assertThat(gateway.frames(id)).as(id).containsExactly("42[\"x\"]");
    }
  }

  private final java.util.concurrent.ExecutorService posts = java.util.concurrent.Executors.newFixedThreadPool(8);

  @org.junit.jupiter.api.AfterEach
  void stopPosts() {
    posts.shutdownNow();
  }
}
