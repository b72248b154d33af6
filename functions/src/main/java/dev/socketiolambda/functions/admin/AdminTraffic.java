package dev.socketiolambda.functions.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.observability.Traffic;
import dev.socketiolambda.functions.server.ServerTap;
import dev.socketiolambda.functions.store.Counters;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The official server's {@code server_stats.aggregatedEvents} for instances that share nothing:
 * each invocation's {@link Traffic} (connections, disconnections by reason, packets and bytes in
 * and out) is added at its end to the counters of the current second in the state table, one
 * {@code UpdateItem} with {@code ADD} spread over {@link #SHARDS} items per second; only while a
 * UI is connected (each instance asks at most every {@link #WATCH_CHECK_MS}: one count query),
 * otherwise the counts are dropped, as the official server drops them every 2 s. The stats
 * schedule reads each second once, when it has settled ({@link #window}).
 */
final class AdminTraffic implements ServerTap {
  /** Items per second the counts are spread over (each takes about 1,000 writes a second). */
  static final int SHARDS = 4;
  /** How long after a second its counts are read: the writes of invocations that ended in it are in. */
  static final long SETTLE_MS = 2_000;
  /** How often an instance asks whether a UI is connected. */
  static final long WATCH_CHECK_MS = 10_000;
  /** How long a second's counters stay in the table (TTL). */
  static final long KEEP_MS = 15 * 60_000;
  private static final String BUCKET = "admin-events#";

  private final Supplier<Counters> counters;
  private final BooleanSupplier uiConnected;
  private final LongSupplier clock;
  private volatile boolean watched;
  private volatile long checkedAt = Long.MIN_VALUE / 2;

  AdminTraffic(Supplier<Counters> counters, BooleanSupplier uiConnected, LongSupplier clock) {
    this.counters = counters;
    this.uiConnected = uiConnected;
    this.clock = clock;
    Traffic.runtime().enable();
  }

  /** A UI connected through this instance: no need to ask for the next {@link #WATCH_CHECK_MS}. */
  void uiArrived() {
    watched = true;
    checkedAt = clock.getAsLong();
  }

  @Override
  public void invocationEnded() {
    long now = clock.getAsLong();
    if (now - checkedAt >= WATCH_CHECK_MS) {
      checkedAt = now;
      watched = uiConnected.getAsBoolean();
    }
    Map<String, Long> counts = Traffic.runtime().drain();
    if (watched && !counts.isEmpty()) {
      long second = Math.floorDiv(now, 1000);
      counters.get().addCounts(bucket(second, ThreadLocalRandom.current().nextInt(SHARDS)), counts, now + KEEP_MS);
    }
  }

  private static String bucket(long second, int shard) {
    return BUCKET + second + "#" + shard;
  }

  /** The seconds a stats tick due at {@code dueAtMs} reads: those of the period before it, settled. */
  static long[] window(long dueAtMs, long periodMs) {
    long to = Math.floorDiv(dueAtMs - SETTLE_MS, 1000);
    return new long[] {to - Math.max(1, periodMs / 1000), to};
  }

  /**
   * The {@code aggregatedEvents} of the seconds {@code [from, to)}: {@code {timestamp, type,
   * subType?, count}} per second and type, as the official server sends them (one BatchGetItem per
   * 100 keys: 20 keys for the default 5 s period).
   */
  static ArrayNode read(Counters counters, long fromSecond, long toSecond) {
    List<String> keys = new ArrayList<>();
    for (long s = fromSecond; s < toSecond; s++) {
      for (int shard = 0; shard < SHARDS; shard++) {
        keys.add(bucket(s, shard));
      }
    }
    Map<Long, Map<String, Long>> bySecond = new TreeMap<>();
    counters.counts(keys).forEach((bucket, counts) -> {
      long second = Long.parseLong(bucket.substring(BUCKET.length(), bucket.lastIndexOf('#')));
      Map<String, Long> sum = bySecond.computeIfAbsent(second, k -> new TreeMap<>());
      counts.forEach((key, n) -> sum.merge(key, n, Long::sum));
    });
    ArrayNode events = Json.array();
    bySecond.forEach((second, counts) -> counts.forEach((key, n) -> {
      int sub = key.indexOf(Traffic.SUB_TYPE);
      ObjectNode e = events.addObject().put("timestamp", second * 1000)
          .put("type", sub < 0 ? key : key.substring(0, sub));
      if (sub >= 0) {
        e.put("subType", key.substring(sub + 1));
      }
      e.put("count", n);
    }));
    return events;
  }
}
