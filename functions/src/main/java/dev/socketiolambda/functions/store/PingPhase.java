package dev.socketiolambda.functions.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection's place in the ping schedule once its first CONNECT came: it is pinged every
 * {@code interval} at the same {@code offset} into the interval ({@code at mod interval}), so its
 * row in the due index keeps one key for the whole connection and a ping writes only
 * {@code lastPingAt} (one write unit; moving an index key costs three). Rows on a phase have the
 * due-index partition {@code p#<interval>#<phase bucket>#<shard>} and the offset as sort key.
 */
public record PingPhase(long interval, long offset) {
  private static final String PREFIX = "p#";

  public PingPhase {
    if (interval <= 0 || offset < 0 || offset >= interval) {
      throw new IllegalArgumentException("invalid ping phase: interval=" + interval + ", offset=" + offset);
    }
  }

  /** The phase of pings every {@code interval}, one of them at {@code at}. */
  public static PingPhase of(long at, long interval) {
    return new PingPhase(interval, Math.floorMod(at, interval));
  }

  /** The phase a due-index partition key names, or null for a key of the time-bucketed rows. */
  static PingPhase ofKey(String bucketKey, long offset) {
    if (bucketKey == null || !bucketKey.startsWith(PREFIX)) {
      return null;
    }
    return new PingPhase(Long.parseLong(bucketKey.substring(PREFIX.length(), bucketKey.indexOf('#', PREFIX.length()))),
        offset);
  }

  /** The due-index partition of this phase for a connection. */
  String key(long bucketMs, String connectionId, int shards) {
    return key(interval, Math.floorDiv(offset, bucketMs), Math.floorMod(connectionId.hashCode(), shards));
  }

  static String key(long interval, long phaseBucket, int shard) {
    return PREFIX + interval + "#" + phaseBucket + "#" + shard;
  }

  /** The first time at or after {@code notBefore} that falls on this phase. */
  long nextAt(long notBefore) {
    return notBefore + Math.floorMod(offset - notBefore, interval);
  }

  /**
   * When the heartbeat must look at the connection next: the first time on this phase at least half
   * an interval after its last ping (or, before any, after it connected), so a ping a tick sent late
   * is followed by the next one on the phase, and a connection pinged in this cycle is not due again.
   */
  long dueAt(long lastPingAt, long connectedAt) {
    return nextAt(Math.max(lastPingAt, connectedAt) + interval / 2);
  }

  /** The last time at or before {@code at} that falls on this phase. */
  public long lastAt(long at) {
    return at - Math.floorMod(at - offset, interval);
  }

  /** Offsets {@code from..to} (inclusive) into the interval. */
  record Span(long from, long to) {}

  /**
   * The offsets of the times in {@code (since, now]} for pings every {@code interval}: one span, or
   * two where the window wraps around the interval's end; at most one whole interval.
   */
  static List<Span> spans(long since, long now, long interval) {
    List<Span> out = new ArrayList<>();
    if (now - since >= interval) {
      out.add(new Span(0, interval - 1));
      return out;
    }
    if (now <= since) {
      return out;
    }
    long from = Math.floorMod(since + 1, interval);
    long to = Math.floorMod(now, interval);
    if (from <= to) {
      out.add(new Span(from, to));
    } else {
      out.add(new Span(from, interval - 1));
      out.add(new Span(0, to));
    }
    return out;
  }
}
