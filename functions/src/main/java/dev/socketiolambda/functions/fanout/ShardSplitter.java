package dev.socketiolambda.functions.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a broadcast's recipients into shards that each fit one queue message: at most
 * {@code maxIds} connection ids and at most {@code maxBytes} of encoded body (SQS: 256 KiB per
 * message and per batch), the frames repeated in every shard. Shard ids are
 * {@code <broadcastId>#<index>}, the same for the same broadcast id and recipients.
 */
public final class ShardSplitter {
  private ShardSplitter() {}

  /**
   * The shards, or empty when the frames alone (with one recipient) exceed {@code maxBytes}: such
   * a broadcast cannot travel through the queue and is delivered where it is made.
   */
  public static Optional<List<Shard>> split(String broadcastId, List<String> connectionIds, List<String> frames,
      boolean volatileEmit, String eventId, int maxIds, long maxBytes) {
    if (maxIds < 1) {
      throw new IllegalArgumentException("maxIds must be >= 1, was " + maxIds);
    }
    List<Shard> shards = new ArrayList<>();
    List<String> current = new ArrayList<>();
    long base = ShardCodec.bytes(new Shard(broadcastId + "#" + Integer.MAX_VALUE, List.of(), frames, volatileEmit,
        eventId));
    long size = base;
    for (String id : connectionIds) {
      long more = ShardCodec.idBytes(id);
      if (base + more > maxBytes) {
        return Optional.empty();
      }
      if (!current.isEmpty() && (current.size() == maxIds || size + more > maxBytes)) {
        shards.add(new Shard(broadcastId + "#" + shards.size(), current, frames, volatileEmit, eventId));
        current = new ArrayList<>();
        size = base;
      }
      current.add(id);
      size += more;
    }
    if (!current.isEmpty()) {
      shards.add(new Shard(broadcastId + "#" + shards.size(), current, frames, volatileEmit, eventId));
    }
    return Optional.of(shards);
  }
}
