package dev.socketiolambda.functions.limits;

import dev.socketiolambda.functions.testing.RateLimiterContract;
import dev.socketiolambda.functions.testing.TestClock;

class InMemoryRateLimiterTest extends RateLimiterContract {
  @Override
  protected RateLimiter newLimiter(TestClock clock) {
    return new InMemoryRateLimiter(clock);
  }
}
