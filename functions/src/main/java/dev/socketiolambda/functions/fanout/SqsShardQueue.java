package dev.socketiolambda.functions.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Shards of a large broadcast as SQS messages (batches of 10) to the fan-out function, which
 * delivers each with {@link FanOut#deliverShard} (see {@code FanOutHandler}).
 */
public final class SqsShardQueue implements ShardQueue {
  private static final int SQS_BATCH = 10;
  private final SqsClient sqs;
  private final String queueUrl;

  public SqsShardQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public CompletableFuture<Void> enqueue(List<Shard> shards) {
    try {
      for (int i = 0; i < shards.size(); i += SQS_BATCH) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int j = i; j < Math.min(shards.size(), i + SQS_BATCH); j++) {
          entries.add(SendMessageBatchRequestEntry.builder().id("s" + j).messageBody(ShardCodec.write(shards.get(j)))
              .build());
        }
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        if (r.hasFailed() && !r.failed().isEmpty()) {
          throw new IllegalStateException("SQS refused " + r.failed().size() + " fan-out shard(s): "
              + r.failed().get(0).message());
        }
      }
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
