package io.cumulo.bench.soak;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Whether a gauge stayed flat: the least-squares line through the samples after the first
 * {@code skipFraction} of the run (start-up, JIT and pool warm-up), and the growth it predicts
 * over that span, against an allowed growth.
 *
 * @param gauge the gauge's name, with its unit
 * @param slopePerMinute the fitted slope, in the gauge's unit per minute
 * @param growth slope times the span fitted, in the gauge's unit
 * @param allowed the largest growth still called flat
 * @param first the gauge in the first fitted sample
 * @param last the gauge in the last sample
 */
public record Flatness(String gauge, double slopePerMinute, double growth, double allowed, double first,
    double last) {

  /** The fraction of the run left out of the fit, as warm-up. */
  public static final double SKIP_FRACTION = 0.2;

  public boolean flat() {
    return growth <= allowed;
  }

  static Flatness of(String gauge, List<SoakSample> samples, ToDoubleFunction<SoakSample> value,
      double allowed) {
    List<SoakSample> fitted = samples.subList((int) Math.floor(samples.size() * SKIP_FRACTION), samples.size());
    if (fitted.size() < 2) {
      throw new IllegalArgumentException("need at least 2 samples after warm-up to judge " + gauge
          + ", got " + fitted.size() + "; run longer or sample more often");
    }
    double n = fitted.size();
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (SoakSample s : fitted) {
      double x = s.elapsedSeconds() / 60.0;
      double y = value.applyAsDouble(s);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double spanMinutes = (fitted.getLast().elapsedSeconds() - fitted.getFirst().elapsedSeconds()) / 60.0;
    return new Flatness(gauge, slope, slope * spanMinutes, allowed,
        value.applyAsDouble(fitted.getFirst()), value.applyAsDouble(fitted.getLast()));
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "%s: %s (slope %+.3f/min, fitted growth %+.2f over the last %.0f%%, allowed %.2f; %.2f -> %.2f)",
        gauge, flat() ? "flat" : "GROWING", slopePerMinute, growth, (1 - SKIP_FRACTION) * 100, allowed,
        first, last);
  }
}
