package dev.socketiolambda.examples.chat;

import dev.socketiolambda.functions.limits.Limit;
import java.util.Map;
import java.util.Optional;

/**
 * The chat's rate limits, per user across all of the user's connections, kept in the limits table
 * ({@code functions.limits}): every write event counts against one of four counters.
 *
 * <ul>
 *   <li>{@code CHAT_LIMITS_TABLE}: the rate-limit table (default {@value #DEFAULT_TABLE})</li>
 *   <li>{@code CHAT_SEND_RATE}: {@code send_message} (default {@code 10/10s})</li>
 *   <li>{@code CHAT_TYPING_RATE}: {@code typing_start} + {@code typing_stop} (default {@code 20/10s})</li>
 *   <li>{@code CHAT_RECEIPT_RATE}: {@code mark_as_read} + {@code mark_as_delivered} (default {@code 120/10s}: the
 *       page marks every message it receives)</li>
 *   <li>{@code CHAT_WRITE_RATE}: every other write: edits, deletes, reactions, joins, leaves, presence
 *       (default {@code 30/10s})</li>
 * </ul>
 * {@code fetch_messages} only reads and is not limited.
 */
public record ChatRates(String table, Limit send, Limit typing, Limit receipts, Limit writes) {
  public static final String DEFAULT_TABLE = "socketio-chat-limits";

  public static ChatRates from(Map<String, String> env) {
    return new ChatRates(env.getOrDefault("CHAT_LIMITS_TABLE", DEFAULT_TABLE),
        limit(env, "CHAT_SEND_RATE", "10/10s"), limit(env, "CHAT_TYPING_RATE", "20/10s"),
        limit(env, "CHAT_RECEIPT_RATE", "120/10s"), limit(env, "CHAT_WRITE_RATE", "30/10s"));
  }

  /** A counter of the limits table and its limit. */
  record Counter(String name, Limit limit) {}

  /** The counter an event counts against; empty for reads. */
  Optional<Counter> counterOf(String event) {
    return Optional.ofNullable(switch (event) {
      case "fetch_messages" -> null;
      case "send_message" -> new Counter("send", send);
      case "typing_start", "typing_stop" -> new Counter("typing", typing);
      case "mark_as_read", "mark_as_delivered" -> new Counter("receipts", receipts);
      default -> new Counter("write", writes);
    });
  }

  private static Limit limit(Map<String, String> env, String name, String fallback) {
    try {
      return Limit.parse(env.getOrDefault(name, fallback));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
