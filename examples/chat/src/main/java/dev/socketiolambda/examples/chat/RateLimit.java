package dev.socketiolambda.examples.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token bucket: {@code capacity} events at once, refilled at {@code capacity} per {@code windowMs}.
 * The bucket's state lives in {@code socket.data} (persisted between invocations), so the limit is
 * per connection, as in the seed, whichever Lambda instance handles the next frame.
 *
 * @param capacity largest burst
 * @param windowMs time to refill a whole bucket
 */
public record RateLimit(int capacity, long windowMs) {
  private static final Pattern SPEC = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m)");

  public RateLimit {
    if (capacity < 1 || windowMs < 1) {
      throw new IllegalArgumentException("a rate limit needs capacity >= 1 and a window >= 1 ms");
    }
  }

  /** {@code "5/10s"}, {@code "20/1m"}, {@code "3/500ms"}. */
  public static RateLimit parse(String spec) {
    Matcher m = SPEC.matcher(spec == null ? "" : spec.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("rate limit '" + spec + "' must look like 5/10s, 20/1m or 3/500ms");
    }
    long n = Long.parseLong(m.group(2));
    long unit = switch (m.group(3)) {
      case "ms" -> 1;
      case "s" -> 1_000;
      default -> 60_000;
    };
    return new RateLimit(Integer.parseInt(m.group(1)), n * unit);
  }

  /**
   * Takes one token from the bucket {@code name} kept in {@code state}; false when it is empty.
   * The state is updated either way (refill is computed from the time of the last take).
   */
  public boolean tryTake(ObjectNode state, String name, long nowMs) {
    ObjectNode bucket = state.withObjectProperty(name);
    double tokens = bucket.has("tokens") ? bucket.path("tokens").asDouble() : capacity;
    long at = bucket.path("at").asLong(nowMs);
    if (nowMs > at) {
      tokens = Math.min(capacity, tokens + (nowMs - at) * (double) capacity / windowMs);
    }
    boolean allowed = tokens >= 1;
    if (allowed) {
      tokens -= 1;
    }
    bucket.put("tokens", tokens);
    bucket.put("at", Math.max(at, nowMs));
    return allowed;
  }

  @Override
  public String toString() {
    return capacity + "/" + windowMs + "ms";
  }
}
