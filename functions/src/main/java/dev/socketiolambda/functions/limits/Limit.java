package dev.socketiolambda.functions.limits;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code max} actions per {@code window} for one key, e.g. {@code Limit.parse("10/10s")}.
 *
 * @param max actions allowed in one window, at least 1
 * @param window the window's length, at least 1 ms
 */
public record Limit(int max, Duration window) {
  private static final Pattern SPEC = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*(ms|s|m|h)");

  public Limit {
    Objects.requireNonNull(window, "window");
    if (max < 1) {
      throw new IllegalArgumentException("a limit must allow at least 1 action per window, was " + max);
    }
    if (window.toMillis() < 1) {
      throw new IllegalArgumentException("a limit's window must be at least 1 ms, was " + window);
    }
  }

  /** {@code max} actions per {@code window}. */
  public static Limit of(int max, Duration window) {
    return new Limit(max, window);
  }

  /** Parses {@code "10/10s"}, {@code "20/1m"}, {@code "3/500ms"} or {@code "1000/1h"}. */
  public static Limit parse(String spec) {
    Matcher m = SPEC.matcher(spec == null ? "" : spec.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("rate limit '" + spec + "' must look like 10/10s, 20/1m, 3/500ms or 1000/1h");
    }
    long n = Long.parseLong(m.group(2));
    Duration window = switch (m.group(3)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
    return new Limit(Integer.parseInt(m.group(1)), window);
  }

  /** The window in milliseconds. */
  public long windowMs() {
    return window.toMillis();
  }

  /** Start (epoch ms) of the window that holds {@code nowMs}: windows are aligned on the epoch. */
  public long windowStart(long nowMs) {
    return Math.floorDiv(nowMs, windowMs()) * windowMs();
  }

  @Override
  public String toString() {
    return max + " per " + (windowMs() % 1000 == 0 ? windowMs() / 1000 + " s" : windowMs() + " ms");
  }
}
