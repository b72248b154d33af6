package dev.socketiolambda.functions.recovery;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Offsets of logged events: {@code <ms, 11 hex>-<sequence, 4 hex>-<node, 6 hex>}, so that text
 * order is time order, offsets made in the same millisecond by one instance keep their order and
 * two instances never make the same one. Thread-safe.
 */
final class Offsets {
  private static final Pattern FORM = Pattern.compile("[0-9a-f]{11}-[0-9a-f]{4}-[0-9a-f]{6}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String node;
  private long lastMs;
  private int sequence;

  Offsets() {
    this.node = String.format("%06x", RANDOM.nextInt(1 << 24));
  }

  /** The next offset at {@code nowMs} (never before the previous one of this instance). */
  synchronized String next(long nowMs) {
    if (nowMs > lastMs) {
      lastMs = nowMs;
      sequence = 0;
    } else if (++sequence > 0xffff) {
      lastMs++;
      sequence = 0;
    }
    return String.format("%011x-%04x-%s", lastMs, sequence, node);
  }

  /** Whether a client's offset has the form this class makes (anything else is refused unread). */
  static boolean wellFormed(String offset) {
    return offset != null && FORM.matcher(offset).matches();
  }

  /** When a well-formed offset was made. */
  static long millisOf(String offset) {
    return Long.parseLong(offset.substring(0, 11), 16);
  }
}
