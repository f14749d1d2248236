package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.manifest.RouteSpec.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One route's {@code rateLimit}: a Bucket4j token bucket per client (IP or API key), refilled
 * gradually over the period. The table of buckets is bounded; when it is full it is cleared,
 * which at worst forgives some clients part of a period rather than growing without limit.
 */
final class RateLimiter {
  /** The most clients tracked per route before the table is cleared. */
  static final int MAX_CLIENTS = 100_000;

  private final RateLimit limit;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(RateLimit limit) {
    this.limit = limit;
  }

  /**
   * Takes one request from {@code client}'s budget.
   *
   * @throws CumuloException 429 with the seconds until the next request is allowed in the message
   *     (the caller sets {@code Retry-After} from {@link TooManyRequests#retryAfterSeconds()})
   */
  void acquire(String client) {
    if (buckets.size() >= MAX_CLIENTS && !buckets.containsKey(client)) {
      buckets.clear();
    }
    Bucket bucket = buckets.computeIfAbsent(client, c -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(limit.requests())
            .refillGreedy(limit.requests(), limit.per()).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
      throw new TooManyRequests(seconds, "the route allows " + limit.requests() + " requests per "
          + limit.per().toSeconds() + " s per client; retry in " + seconds + " s");
    }
  }

  /** A 429 that knows when to retry. */
  static final class TooManyRequests extends CumuloException {
    @java.io.Serial private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    TooManyRequests(long retryAfterSeconds, String message) {
      super(429, "TooManyRequests", message);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
