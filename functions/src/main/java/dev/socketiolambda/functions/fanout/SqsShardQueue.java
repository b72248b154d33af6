package dev.socketiolambda.functions.fanout;

import dev.socketiolambda.functions.delivery.SizeLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Shards of a large broadcast as SQS messages to the fan-out function, which delivers each with
 * {@link FanOut#deliverShard} (see {@code FanOutHandler}). A {@code SendMessageBatch} carries at
 * most 10 messages and {@value #MAX_BATCH_BYTES} bytes in all, so batches are cut by count and by
 * bytes. When SQS refuses some entries of a batch, only those are sent again (a few times, with a
 * pause), never the ones it took; what still is not queued is reported in
 * {@link FanOutException.NotQueued}. A whole call retried after a timeout may queue a
 * batch twice: the shards' ids and the {@link ShardLedger} keep that from reaching anyone twice.
 */
public final class SqsShardQueue implements ShardQueue {
  /** SQS's limit for one message and for the sum of a batch's messages: 256 KiB. */
  public static final int MAX_BATCH_BYTES = 262_144;
  private static final int MAX_ENTRIES = 10;
  private static final int ATTEMPTS = 4;
  private static final long FIRST_PAUSE_MS = 50;

  private final SqsBatchSender sqs;
  private final String queueUrl;

  public SqsShardQueue(SqsBatchSender sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public long maxShardBytes() {
    return MAX_BATCH_BYTES;
  }

  @Override
  public CompletableFuture<Void> enqueue(List<Shard> shards) {
    List<Shard> notQueued = new ArrayList<>();
    String lastError = null;
    RuntimeException lastCause = null;
    Map<String, Shard> batch = new LinkedHashMap<>();
    Map<String, String> bodies = new LinkedHashMap<>();
    long batchBytes = 0;
    for (int i = 0; i <= shards.size(); i++) {
      String body = i < shards.size() ? ShardCodec.write(shards.get(i)) : null;
      long bytes = body == null ? 0 : SizeLimits.utf8Length(body);
      if (body != null && bytes > MAX_BATCH_BYTES) {
        notQueued.add(shards.get(i));
        lastError = "shard of " + bytes + " bytes exceeds SQS's " + MAX_BATCH_BYTES;
        continue;
      }
      if (!batch.isEmpty() && (body == null || batch.size() == MAX_ENTRIES || batchBytes + bytes > MAX_BATCH_BYTES)) {
        try {
          String error = send(batch, bodies);
          if (error != null) {
            notQueued.addAll(batch.values());
            lastError = error;
          }
        } catch (RuntimeException e) {
          notQueued.addAll(batch.values());
          lastError = e.toString();
          lastCause = e;
        }
        batch.clear();
        bodies.clear();
        batchBytes = 0;
      }
      if (body != null) {
        batch.put("s" + i, shards.get(i));
        bodies.put("s" + i, body);
        batchBytes += bytes;
      }
    }
    if (notQueued.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.failedFuture(new FanOutException.NotQueued(notQueued, "SQS did not take "
        + notQueued.size() + " of " + shards.size() + " fan-out shard(s): " + lastError, lastCause));
  }

  /**
   * Sends one batch; entries SQS refuses for a reason of its own are sent again (only they), up to
   * {@value #ATTEMPTS} times. Removes what was queued from {@code batch}.
   *
   * @return null when all are queued, else the last refusal (what remains in {@code batch})
   */
  private String send(Map<String, Shard> batch, Map<String, String> bodies) {
    String error = null;
    for (int attempt = 1; attempt <= ATTEMPTS && !batch.isEmpty(); attempt++) {
      if (attempt > 1) {
        pause(FIRST_PAUSE_MS << (attempt - 2));
      }
      Map<String, String> entries = new LinkedHashMap<>();
      batch.keySet().forEach(id -> entries.put(id, bodies.get(id)));
      Map<String, Shard> refused = new LinkedHashMap<>();
      boolean senderFault = false;
      for (SqsBatchSender.Refusal failed : sqs.send(queueUrl, entries)) {
        refused.put(failed.id(), batch.get(failed.id()));
        error = failed.code() + ": " + failed.message();
        senderFault |= failed.senderFault();
      }
      batch.keySet().retainAll(refused.keySet());
      if (senderFault) {
        break; // the request itself is wrong: sending it again will not help
      }
    }
    return batch.isEmpty() ? null : error;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while queueing fan-out shards", e);
    }
  }
}
