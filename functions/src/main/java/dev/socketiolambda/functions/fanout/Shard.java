package dev.socketiolambda.functions.fanout;

import java.util.List;

/**
 * A slice of a large broadcast: these connections get these frames. On AWS a shard travels as an
 * SQS message to the fan-out function; locally through an in-process queue. Both end in
 * {@link FanOut#deliverShard}.
 *
 * @param id identifies the shard across retries and redeliveries ({@code <broadcast>#<index>}); the
 *     {@link ShardLedger} records under it who was reached, so nobody gets the frames twice; null
 *     delivers without that record
 */
public record Shard(String id, List<String> connectionIds, List<String> frames, boolean volatileEmit, String eventId) {
  public Shard {
    connectionIds = List.copyOf(connectionIds);
    frames = List.copyOf(frames);
  }

  /** A shard with no id (delivered without the ledger). */
  public Shard(List<String> connectionIds, List<String> frames, boolean volatileEmit, String eventId) {
    this(null, connectionIds, frames, volatileEmit, eventId);
  }
}
