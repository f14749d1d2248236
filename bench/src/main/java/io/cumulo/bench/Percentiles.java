package io.cumulo.bench;

import java.util.Collection;

/** Nearest-rank percentiles and the median of a set of samples (any unit). */
record Percentiles(int count, double p50, double p99, double min, double max) {

  static Percentiles of(Collection<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[0], sorted[sorted.length - 1]);
  }

  /** The median as usual (mean of the middle two for an even count), for figures over runs. */
  static double median(Collection<Double> samples) {
    double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  /** The smallest sample with at least {@code q} of the samples at or below it. */
  private static double rank(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "p50 %.1f, p99 %.1f (min %.1f, max %.1f, n=%d)", p50, p99, min, max, count);
  }
}
