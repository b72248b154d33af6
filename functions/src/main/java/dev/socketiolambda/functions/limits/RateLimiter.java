package dev.socketiolambda.functions.limits;

/**
 * Counts actions per key and window, atomically across Lambda instances: a refused action is not
 * counted. {@link DynamoDbRateLimiter} for deployments, {@link InMemoryRateLimiter} for unit tests.
 */
public interface RateLimiter {
  /**
   * Counts one action of {@code key} against {@code limit} in the counter {@code name} (one
   * counter per kind of action, e.g. {@code "send"}).
   *
   * @throws RateLimitException when the store cannot answer (the caller decides to fail open or closed)
   */
  Decision tryAcquire(String name, Limit limit, RateKey key);
}
