package dev.socketiolambda.functions.delivery;

import dev.socketiolambda.functions.Backoff;
import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;

/**
 * The one retry policy for sends: throttling (429), server errors (5xx) and failures without an
 * answer are retried with exponential backoff and full jitter, at most {@code attempts} times and
 * never past the invocation's time budget. 410 and 413 are never retried.
 *
 * @param attempts attempts per frame, the first included
 * @param baseMs backoff base
 * @param capMs largest pause between attempts
 */
public record RetryPolicy(int attempts, long baseMs, long capMs) {
  /** Five attempts, pauses of up to 25, 50, 100, 200 ms (then at most 1 s). */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, 25, 1_000);

  public RetryPolicy {
    if (attempts < 1 || baseMs < 0 || capMs < baseMs) {
      throw new IllegalArgumentException("invalid retry policy: attempts=" + attempts + ", baseMs=" + baseMs
          + ", capMs=" + capMs);
    }
  }

  /** The same pauses with another number of attempts. */
  public RetryPolicy withAttempts(int n) {
    return new RetryPolicy(n, baseMs, capMs);
  }

  /** Whether a failed attempt may be tried again. */
  public static boolean retryable(Throwable cause) {
    if (cause instanceof ConnectionGoneException || cause instanceof MessageTooLargeException) {
      return false;
    }
    if (cause instanceof GatewayException g) {
      return g.statusCode() == 0 || g.statusCode() == 429 || g.statusCode() >= 500;
    }
    return false;
  }

  /** The pause before attempt {@code next} (2-based: the pause after the first failure is for attempt 2). */
  public long pauseBefore(int next) {
    return Backoff.delayMs(next - 1, baseMs, capMs);
  }
}
