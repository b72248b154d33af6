package dev.socketiolambda.functions.limits;

import java.util.Objects;

/**
 * Whose actions a limit counts: a user ({@code sub} of a verified token), a connection or a client IP.
 *
 * @param kind {@code user}, {@code connection} or {@code ip}
 * @param id the user id, connection id or address
 */
public record RateKey(String kind, String id) {
  /** Longest id accepted: keeps the DynamoDB key far below its 2048-byte limit. */
  public static final int MAX_ID_LENGTH = 512;

  public RateKey {
    Objects.requireNonNull(kind, "kind");
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a " + kind + " rate key needs a non-empty id");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("a " + kind + " rate key id is at most " + MAX_ID_LENGTH
          + " characters, was " + id.length());
    }
  }

  /** Counts the actions of one user, across all of their connections. */
  public static RateKey user(String userId) {
    return new RateKey("user", userId);
  }

  /** Counts the actions of one connection. */
  public static RateKey connection(String connectionId) {
    return new RateKey("connection", connectionId);
  }

  /** Counts the actions of one client address. */
  public static RateKey ip(String address) {
    return new RateKey("ip", address);
  }

  @Override
  public String toString() {
    return kind + ":" + id;
  }
}
