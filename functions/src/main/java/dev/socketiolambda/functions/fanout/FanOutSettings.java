package dev.socketiolambda.functions.fanout;

/**
 * Fan-out tuning.
 *
 * @param concurrency management API calls in flight at once per broadcast (or shard)
 * @param attempts attempts per frame on 429/5xx (volatile emits get one)
 * @param shardThreshold recipients above which a broadcast is split into shards
 * @param shardSize recipients per shard
 * @param maxMessageBytes largest message (one frame of ours) the management API accepts (API Gateway: 128 KB)
 */
public record FanOutSettings(int concurrency, int attempts, int shardThreshold, int shardSize, int maxMessageBytes) {
  public static final FanOutSettings DEFAULT = new FanOutSettings(64, 5, 2_000, 1_000, 128 * 1024);

  public FanOutSettings {
    if (concurrency < 1 || attempts < 1 || shardThreshold < 1 || shardSize < 1 || maxMessageBytes < 1) {
      throw new IllegalArgumentException("invalid fan-out settings: concurrency=" + concurrency + ", attempts="
          + attempts + ", shardThreshold=" + shardThreshold + ", shardSize=" + shardSize + ", maxMessageBytes="
          + maxMessageBytes);
    }
  }

  public FanOutSettings withConcurrency(int v) {
    return new FanOutSettings(v, attempts, shardThreshold, shardSize, maxMessageBytes);
  }

  public FanOutSettings withShards(int threshold, int size) {
    return new FanOutSettings(concurrency, attempts, threshold, size, maxMessageBytes);
  }
}
