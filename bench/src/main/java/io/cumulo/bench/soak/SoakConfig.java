package io.cumulo.bench.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a soak runs.
 *
 * @param duration the soak phase, after calibration (default 10 minutes)
 * @param sampleEvery the sampling window (default 10 s)
 * @param calibration how long to drive unpaced load to measure capacity (default 20 s); zero
 *     skips calibration and uses {@code fixedRatePerSecond}
 * @param loadFraction the fraction of measured capacity to drive (default 0.7)
 * @param fixedRatePerSecond the rate when calibration is skipped
 * @param concurrency the most requests in flight (default 16)
 * @param outputDir where the CSV, the charts and the verdict go; null writes nothing
 */
public record SoakConfig(Duration duration, Duration sampleEvery, Duration calibration, double loadFraction,
    double fixedRatePerSecond, int concurrency, Path outputDir) {

  public SoakConfig {
    if (duration.compareTo(sampleEvery.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException("duration " + duration + " must hold at least 3 samples of "
          + sampleEvery);
    }
    if (calibration.isZero() && fixedRatePerSecond <= 0) {
      throw new IllegalArgumentException("without calibration a fixed rate > 0 is needed");
    }
    if (loadFraction <= 0 || loadFraction > 1) {
      throw new IllegalArgumentException("loadFraction must be in (0, 1], got " + loadFraction);
    }
  }

  /** The defaults: 10 minutes at 70% of capacity measured over 20 s, sampled every 10 s. */
  public static SoakConfig defaults(Path outputDir) {
    return new SoakConfig(Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(20), 0.7, 0, 16,
        outputDir);
  }
}
