package dev.socketiolambda.functions.fanout;

import java.util.Collection;
import java.util.Set;

/**
 * Who a shard has reached, so that a redelivered message (SQS is at-least-once), a retried
 * {@code SendMessageBatch} or a replay from the dead-letter queue posts to nobody twice: a worker
 * claims the shard for a lease, skips the connections already settled, records each chunk it
 * settles, then releases the claim. A connection is settled when its delivery ended for good
 * (delivered, gone, refused for size); one that failed stays pending for the next delivery.
 */
public interface ShardLedger {
  /**
   * Claims the shard until {@code leaseUntilMs} (epoch ms).
   *
   * @return the connections already settled
   * @throws FanOutException.ShardBusy when another owner's lease has not run out
   */
  Set<String> claim(String shardId, String owner, long leaseUntilMs);

  /** Records connections as settled (no-op when empty). */
  void settle(String shardId, Collection<String> connectionIds);

  /** Ends the owner's claim (a stale owner's release is ignored). */
  void release(String shardId, String owner);

  /**
   * Records the last chunk's settled connections and ends the claim: {@link #settle} then
   * {@link #release}, which a ledger may do in one request (the connections are recorded even
   * when the claim is no longer the owner's).
   */
  default void settleAndRelease(String shardId, Collection<String> connectionIds, String owner) {
    settle(shardId, connectionIds);
    release(shardId, owner);
  }
}
