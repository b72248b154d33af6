package dev.socketiolambda.functions.observability;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this function instance's connections did since the last {@link #drain}: the counts of the
 * official admin UI's {@code aggregatedEvents} ({@code rawConnection}, {@code rawDisconnection} by
 * reason, {@code packetsIn}, {@code bytesIn}, {@code packetsOut}, {@code bytesOut}; as the
 * official server counts them: a frame's bytes are those of its data, after the Engine.IO type, in
 * UTF-8, and frames without data (pings, pongs, noops) are not counted). Counts nothing until
 * {@link #enable()} (the admin UI turns it on): then one atomic add per frame.
 */
public final class Traffic {
  public static final String RAW_CONNECTION = "rawConnection";
  public static final String RAW_DISCONNECTION = "rawDisconnection";
  public static final String PACKETS_IN = "packetsIn";
  public static final String BYTES_IN = "bytesIn";
  public static final String PACKETS_OUT = "packetsOut";
  public static final String BYTES_OUT = "bytesOut";
  /** Separates a type from its sub-type (the disconnection reason) in {@link #drain}'s keys. */
  public static final char SUB_TYPE = ':';
  private static final Traffic RUNTIME = new Traffic();

  private volatile boolean enabled;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** The counts of this function instance (the runtime's parts count here). */
  public static Traffic runtime() {
    return RUNTIME;
  }

  public void enable() {
    enabled = true;
  }

  /** A connection was stored ({@code $connect}). */
  public void connected() {
    add(RAW_CONNECTION, 1);
  }

  /** A connection was removed, for this reason ({@code transport close}, {@code ping timeout}, ...). */
  public void disconnected(String reason) {
    add(RAW_DISCONNECTION + SUB_TYPE + reason, 1);
  }

  /** A frame from a client. */
  public void received(String frame) {
    if (enabled && frame != null && frame.length() > 1) {
      add(PACKETS_IN, 1);
      add(BYTES_IN, dataBytes(frame));
    }
  }

  /** A frame delivered to a client (posted, or the route response). */
  public void sent(String frame) {
    if (enabled && frame != null && frame.length() > 1) {
      add(PACKETS_OUT, 1);
      add(BYTES_OUT, dataBytes(frame));
    }
  }

  /** The UTF-8 bytes of a frame's data: all but its first character, the (ASCII) packet type. */
  private static long dataBytes(String frame) {
    return frame.getBytes(StandardCharsets.UTF_8).length - 1;
  }

  private void add(String key, long amount) {
    if (enabled) {
      counts.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(amount);
    }
  }

  /** The counts since the last drain, by key ({@code type} or {@code type:subType}), none zero; resets them. */
  public Map<String, Long> drain() {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.forEach((key, count) -> {
      long n = count.getAndSet(0);
      if (n != 0) {
        out.put(key, n);
      }
    });
    return out;
  }
}
