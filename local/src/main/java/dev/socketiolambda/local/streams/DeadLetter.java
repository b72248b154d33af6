package dev.socketiolambda.local.streams;

import java.time.Instant;
import java.util.List;

/**
 * Records a poller gave up on, as the on-failure destination of an event source mapping gets them
 * (AWS sends only metadata; locally the event of the discarded records is kept for inspection).
 *
 * @param table the domain table
 * @param shardId the stream shard
 * @param reason why they were discarded (retries exhausted, record too old)
 * @param retries retries made before giving up
 * @param sequenceNumbers the discarded records' sequence numbers, in stream order
 * @param event the discarded records as a {@code {"Records":[...]}} event
 * @param at when
 */
public record DeadLetter(
    String table, String shardId, String reason, int retries, List<String> sequenceNumbers, String event, Instant at) {
  public DeadLetter {
    sequenceNumbers = List.copyOf(sequenceNumbers);
  }
}
