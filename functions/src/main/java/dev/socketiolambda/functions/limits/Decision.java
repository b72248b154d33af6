package dev.socketiolambda.functions.limits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.protocol.json.Json;

/**
 * The answer of a {@link RateLimiter}: allowed or not, how many actions the window has left and,
 * when refused, how long to wait (HTTP 429 {@code Retry-After}, an ack error's {@code retryAfterMs}).
 *
 * @param allowed whether the action may go ahead (it was counted)
 * @param remaining actions left in the current window after this one
 * @param retryAfterMs when refused, milliseconds until the window ends; 0 when allowed
 * @param limit the limit that was applied
 */
public record Decision(boolean allowed, int remaining, long retryAfterMs, Limit limit) {
  static Decision allow(int remaining, Limit limit) {
    return new Decision(true, Math.max(0, remaining), 0, limit);
  }

  static Decision refuse(long retryAfterMs, Limit limit) {
    return new Decision(false, 0, Math.max(1, retryAfterMs), limit);
  }

  /** Whole seconds to wait, rounded up (the value of an HTTP {@code Retry-After} header); 0 when allowed. */
  public long retryAfterSeconds() {
    return allowed ? 0 : (retryAfterMs + 999) / 1000;
  }

  /** A sentence for the client, e.g. "too many requests: at most 10 per 10 s; retry in 4 s". */
  public String message() {
    return allowed ? "allowed" : "too many requests: at most " + limit + "; retry in " + retryAfterSeconds() + " s";
  }

  /** {@code {"code":"rate_limited","message":...,"retryAfterMs":...}} for an ack error or a 429 body. */
  public ObjectNode toJson() {
    return Json.object().put("code", "rate_limited").put("message", message()).put("retryAfterMs", retryAfterMs);
  }
}
