package dev.socketiolambda.functions.limits;

import java.util.regex.Pattern;

/** The key of one counter: {@code <name>#<kind>:<id>#<window start>}, unique per name, key and window. */
final class CounterKeys {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private CounterKeys() {}

  static String of(String name, RateKey key, long windowStart) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a counter name is 1 to 64 letters, digits, '_', '.', ':' or '-', was '"
          + name + "'");
    }
    return name + "#" + key + "#" + windowStart;
  }
}
