package dev.socketiolambda.functions.store;

/**
 * How the due index is bucketed: bucket width, write shards per bucket, how many past buckets a
 * heartbeat tick looks back into, and how long rows live before TTL removes orphans.
 */
public record DueIndexSettings(long bucketMs, int shards, int lookbackBuckets, long rowLifetimeMs) {
  /** Minute buckets, one shard, ten minutes of look-back, rows kept 3 h (API Gateway's cap is 2 h). */
  public static final DueIndexSettings DEFAULT = new DueIndexSettings(60_000, 1, 10, 3 * 3_600_000L);

  public DueIndexSettings {
    if (bucketMs <= 0 || shards < 1 || lookbackBuckets < 0 || rowLifetimeMs <= 0) {
      throw new IllegalArgumentException("invalid due index settings: bucketMs=" + bucketMs + ", shards=" + shards
          + ", lookbackBuckets=" + lookbackBuckets + ", rowLifetimeMs=" + rowLifetimeMs);
    }
  }
}
