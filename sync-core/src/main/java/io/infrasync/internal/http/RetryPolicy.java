package io.infrasync.internal.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with full jitter: attempt {@code n} waits a random time up to
 * {@code min(maxDelay, baseDelay * 2^n)}, or the server's {@code Retry-After} when it gives one
 * (capped by {@code maxDelay}).
 *
 * @param maxAttempts total attempts, the first included (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("delays must not be negative");
    }
  }

  /** The wait before retry number {@code retry} (1-based). */
  public Duration backoff(int retry, Duration retryAfter) {
    if (!retryAfter.isZero()) {
      return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
    }
    long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(20, retry - 1));
    return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }
}
