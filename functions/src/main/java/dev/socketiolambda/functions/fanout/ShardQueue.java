package dev.socketiolambda.functions.fanout;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where the shards of a large broadcast go to be delivered in parallel. */
public interface ShardQueue {
  /**
   * Hands the shards over; the future completes when they are queued (not delivered). When only
   * some were taken it fails with {@link FanOutException.NotQueued} naming the others.
   */
  CompletableFuture<Void> enqueue(List<Shard> shards);

  /** The largest encoded shard ({@link ShardCodec#write}) one message may carry, in UTF-8 bytes. */
  default long maxShardBytes() {
    return Long.MAX_VALUE;
  }
}
