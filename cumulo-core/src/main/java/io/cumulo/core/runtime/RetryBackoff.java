package io.cumulo.core.runtime;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the delay before attempt {@code n + 1} is uniform in
 * {@code [0, min(max, base * 2^(n-1))]}. Full jitter spreads retries of events that failed
 * together, so a recovering function is not hit by all of them at once.
 *
 * @param base the cap of the first retry's delay (default 1 s)
 * @param max the largest delay (default 5 min)
 * @param random the jitter source; seeded in tests
 */
public record RetryBackoff(Duration base, Duration max, RandomGenerator random) {
  public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX = Duration.ofMinutes(5);

  /** The delay after the given failed attempt (1 for the first). */
  public Duration delayAfter(int failedAttempt) {
    int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
    long capMillis = Math.min(max.toMillis(), base.toMillis() << doublings);
    if (capMillis <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(random.nextLong(capMillis + 1));
  }
}
