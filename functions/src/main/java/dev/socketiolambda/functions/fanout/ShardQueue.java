package dev.socketiolambda.functions.fanout;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where the shards of a large broadcast go to be delivered in parallel. */
public interface ShardQueue {
  /** Hands the shards over; the future completes when they are queued (not delivered). */
  CompletableFuture<Void> enqueue(List<Shard> shards);
}
