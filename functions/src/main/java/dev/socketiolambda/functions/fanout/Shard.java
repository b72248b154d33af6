package dev.socketiolambda.functions.fanout;

import java.util.List;

/**
 * A slice of a large broadcast: these connections get these frames. On AWS a shard travels as an
 * SQS message to the fan-out function; locally through an in-process queue. Both end in
 * {@link FanOut#deliverShard}.
 */
public record Shard(List<String> connectionIds, List<String> frames, boolean volatileEmit, String eventId) {
  public Shard {
    connectionIds = List.copyOf(connectionIds);
    frames = List.copyOf(frames);
  }
}
