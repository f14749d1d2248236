package io.cumulo.bench.soak;

import java.util.Arrays;

/**
 * Request latencies and outcomes since the last {@link #drain}: the load workers add, the sampler
 * drains every window. Synchronized: a few thousand adds a second do not contend measurably.
 */
final class LatencyWindow {
  private long[] nanos = new long[4096];
  private int count;
  private long errors;

  synchronized void success(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  synchronized void error() {
    errors++;
  }

  /** Answers what was recorded since the last call and starts a new window. */
  synchronized Snapshot drain() {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    Snapshot snapshot = new Snapshot(sorted, errors);
    count = 0;
    errors = 0;
    return snapshot;
  }

  /** One window: successful latencies, sorted ascending, and the number of failed requests. */
  record Snapshot(long[] sortedNanos, long errors) {
    long requests() {
      return sortedNanos.length + errors;
    }

    /** The latency at quantile {@code q} (0..1) in milliseconds, or NaN when nothing succeeded. */
    double quantileMillis(double q) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
      return sortedNanos[Math.max(0, index)] / 1e6;
    }
  }
}
