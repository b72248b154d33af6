package dev.socketiolambda.functions.store;

import java.util.Collection;
import java.util.Map;

/**
 * Counters in the state table that many function instances add to, for observers that sum what
 * they saw (the admin UI's per-second packet counts). Part of every {@link StateStore}.
 */
public interface Counters {
  /**
   * Adds to the named counters of a bucket (a counter not there yet starts at 0) and keeps the
   * bucket until {@code expiresAtMs}: one atomic write (DynamoDB: one {@code UpdateItem} with
   * {@code ADD}), however many counters.
   */
  void addCounts(String bucket, Map<String, Long> counts, long expiresAtMs);

  /** The counters of these buckets; buckets never added to are left out (DynamoDB: one BatchGetItem per 100). */
  Map<String, Map<String, Long>> counts(Collection<String> buckets);
}
