package io.cumulo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The series a driver hands to {@code bench/run-all}'s report, besides its {@code RESULT} lines:
 * a latency distribution ({@code latency.csv}) and operations per second over time
 * ({@code throughput.csv}), appended under the directory in the system property
 * {@code cumulo.bench.results}. Without that property nothing is written, so the drivers run
 * alone as before. The run number ({@code cumulo.bench.run}, default 1) tells repeated runs apart.
 */
public final class BenchResults {
  /** The percentiles written for each distribution: dense in the tail, where the curves differ. */
  static final double[] PERCENTILES = {0, 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97.5, 99, 99.5,
      99.9, 99.95, 99.99, 100};

  private BenchResults() {}

  /** Writes the distribution of {@code sortedNanos} (ascending) for one subject of a benchmark. */
  public static void latencies(String benchmark, String subject, long[] sortedNanos) {
    Path dir = directory();
    if (dir == null || sortedNanos.length == 0) {
      return;
    }
    StringBuilder rows = new StringBuilder();
    for (double p : PERCENTILES) {
      int rank = (int) Math.min(sortedNanos.length - 1, Math.max(0, Math.ceil(p / 100 * sortedNanos.length) - 1));
      rows.append(row(benchmark, subject, p, sortedNanos[rank] / 1e6));
    }
    append(dir.resolve("latency.csv"), "benchmark,subject,run,percentile,millis", rows.toString());
  }

  /** Writes one subject's latency at the given percentiles, for drivers that only know a few. */
  public static void latencyPoints(String benchmark, String subject, double[] percentiles, double[] millis) {
    Path dir = directory();
    if (dir == null) {
      return;
    }
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < percentiles.length; i++) {
      rows.append(row(benchmark, subject, percentiles[i], millis[i]));
    }
    append(dir.resolve("latency.csv"), "benchmark,subject,run,percentile,millis", rows.toString());
  }

  /** Writes operations completed in each whole second of a phase. */
  public static void perSecond(String benchmark, String subject, PerSecond counts) {
    Path dir = directory();
    if (dir == null) {
      return;
    }
    long[] values = counts.completeSeconds();
    StringBuilder rows = new StringBuilder();
    for (int second = 0; second < values.length; second++) {
      rows.append(row(benchmark, subject, second + 1, values[second]));
    }
    append(dir.resolve("throughput.csv"), "benchmark,subject,run,second,ops_per_s", rows.toString());
  }

  private static String row(String benchmark, String subject, double x, double y) {
    return String.format(Locale.ROOT, "%s,%s,%s,%s,%.4f%n", csv(benchmark), csv(subject),
        System.getProperty("cumulo.bench.run", "1"), stripZeros(x), y);
  }

  private static String stripZeros(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }

  private static String csv(String text) {
    return text.replace(',', ';');
  }

  private static Path directory() {
    String dir = System.getProperty("cumulo.bench.results");
    return dir == null || dir.isBlank() ? null : Path.of(dir);
  }

  private static synchronized void append(Path file, String header, String rows) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.writeString(file, header + "\n");
      }
      Files.writeString(file, rows, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append results to " + file, e);
    }
  }

  /**
   * Counts completions per second from a start time, lock-free; completions after the last
   * counted second are dropped. The partial last second is left out of the series.
   */
  public static final class PerSecond {
    private final long startNanos;
    private final AtomicLongArray counts;
    private volatile long lastNanos;

    /** Counts from {@code startNanos} ({@link System#nanoTime}) for up to {@code maxSeconds}. */
    public PerSecond(long startNanos, int maxSeconds) {
      this.startNanos = startNanos;
      this.counts = new AtomicLongArray(maxSeconds);
    }

    public void count(long atNanos) {
      long second = (atNanos - startNanos) / 1_000_000_000L;
      if (second >= 0 && second < counts.length()) {
        counts.incrementAndGet((int) second);
        if (atNanos > lastNanos) {
          lastNanos = atNanos;
        }
      }
    }

    long[] completeSeconds() {
      // A phase stops at its deadline, so its last completion lands just before a whole second;
      // 100 ms of slack keeps that second while still leaving out a truly partial one.
      int whole = (int) Math.min(counts.length(),
          Math.max(0, (lastNanos + 100_000_000L - startNanos) / 1_000_000_000L));
      long[] values = new long[whole];
      for (int i = 0; i < whole; i++) {
        values[i] = counts.get(i);
      }
      return values;
    }
  }
}
