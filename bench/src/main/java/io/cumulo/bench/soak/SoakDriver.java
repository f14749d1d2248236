package io.cumulo.bench.soak;

import io.cumulo.bench.report.LineChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's command line ({@code bench/soak}): runs {@link Soak} and writes {@code soak.csv}
 * (one row per window), {@code verdict.txt} and four PNG charts (heap, threads and descriptors,
 * latency, throughput) into the output directory. Exits 1 when a gauge grew or a request failed.
 *
 * <pre>
 * SoakDriver [--minutes 10] [--sample-seconds 10] [--calibration-seconds 20] [--fraction 0.7]
 *            [--rate R (skips calibration)] [--concurrency 16] --out DIR
 * SoakDriver --replot DIR   (redraws the charts of an earlier run from its soak.csv)
 * </pre>
 */
public final class SoakDriver {
  private SoakDriver() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--replot")) {
      replot(Path.of(args[1]));
      return;
    }
    Duration duration = Duration.ofMinutes(10);
    Duration sampleEvery = Duration.ofSeconds(10);
    Duration calibration = Duration.ofSeconds(20);
    double fraction = 0.7;
    double rate = 0;
    int concurrency = 16;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--minutes" -> duration = Duration.ofSeconds(Math.round(Double.parseDouble(value) * 60));
        case "--sample-seconds" -> sampleEvery = Duration.ofSeconds(Long.parseLong(value));
        case "--calibration-seconds" -> calibration = Duration.ofSeconds(Long.parseLong(value));
        case "--fraction" -> fraction = Double.parseDouble(value);
        case "--rate" -> {
          rate = Double.parseDouble(value);
          calibration = Duration.ZERO;
        }
        case "--concurrency" -> concurrency = Integer.parseInt(value);
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; see the Javadoc of SoakDriver or bench/soak --help");
      }
      i++;
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    SoakConfig config = new SoakConfig(duration, sampleEvery, calibration, fraction, rate, concurrency, out);
    Soak.Result result = Soak.run(config, System.out::println);
    write(result, config);
    System.out.print(Files.readString(out.resolve("verdict.txt")));
    // The server's non-daemon threads are closed with it; exit explicitly with the verdict.
    System.exit(result.flat() && result.errors() == 0 && result.invocations().backlog() == 0 ? 0 : 1);
  }

  static void write(Soak.Result result, SoakConfig config) throws IOException {
    Path out = config.outputDir();
    Files.createDirectories(out);
    List<String> rows = new ArrayList<>();
    rows.add(SoakSample.CSV_HEADER);
    result.samples().forEach(s -> rows.add(s.csv()));
    Files.write(out.resolve("soak.csv"), rows);
    Files.writeString(out.resolve("verdict.txt"), verdict(result, config));

    String subtitle = String.format(Locale.ROOT, "%d cores; %.0f req/s target (%.0f%% of %.0f measured); %s windows",
        Runtime.getRuntime().availableProcessors(), result.targetPerSecond(), config.loadFraction() * 100,
        result.capacityPerSecond(), config.sampleEvery().toSeconds() + " s");
    charts(result.samples(), subtitle, out);
  }

  /** Draws the four charts of {@code s} into {@code out}. */
  static void charts(List<SoakSample> s, String subtitle, Path out) throws IOException {
    new LineChart("Soak: heap", "elapsed (min)", "heap (MiB)").subtitle(subtitle)
        .line("heap after latest GC", points(s, SoakSample::heapAfterGcMib))
        .line("heap used at sample", points(s, SoakSample::heapUsedMib))
        .write(out.resolve("soak-heap.png"));
    new LineChart("Soak: threads, file descriptors, machine load", "elapsed (min)", "count").subtitle(subtitle)
        .line("live platform threads", points(s, x -> x.threads()))
        .line("open file descriptors", points(s, x -> x.fileDescriptors()))
        .line("machine load average (1 min)", points(s, SoakSample::loadAverage))
        .write(out.resolve("soak-threads-fds.png"));
    new LineChart("Soak: request latency per window", "elapsed (min)", "latency (ms)").subtitle(subtitle).logY()
        .line("p50", points(s, SoakSample::p50Millis))
        .line("p99", points(s, SoakSample::p99Millis))
        .write(out.resolve("soak-latency.png"));
    new LineChart("Soak: throughput per window", "elapsed (min)", "requests per second").subtitle(subtitle)
        .line("successful req/s", points(s, SoakSample::requestsPerSecond))
        .line("failed requests per window", points(s, x -> x.errors()))
        .write(out.resolve("soak-throughput.png"));
  }

  /** Redraws the charts of an earlier run from its {@code soak.csv} (the verdict is left alone). */
  private static void replot(Path dir) throws IOException {
    List<SoakSample> samples = Files.readAllLines(dir.resolve("soak.csv")).stream().skip(1).map(line -> {
      String[] f = line.split(",");
      return new SoakSample(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
          Integer.parseInt(f[3]), Integer.parseInt(f[4]), Long.parseLong(f[5]), Double.parseDouble(f[6]),
          Long.parseLong(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]));
    }).toList();
    String firstLine = Files.readAllLines(dir.resolve("verdict.txt")).getFirst();
    charts(samples, Runtime.getRuntime().availableProcessors() + " cores; " + firstLine.replace("soak: ", ""), dir);
  }

  private static List<double[]> points(List<SoakSample> samples, ToDoubleFunction<SoakSample> y) {
    return samples.stream().map(s -> new double[] {s.elapsedSeconds() / 60.0, y.applyAsDouble(s)}).toList();
  }

  static String verdict(Soak.Result result, SoakConfig config) {
    StringBuilder text = new StringBuilder();
    double[] p99 = result.samples().stream().mapToDouble(SoakSample::p99Millis).filter(Double::isFinite)
        .sorted().toArray();
    text.append(String.format(Locale.ROOT,
        "soak: %s at %.0f req/s (%.0f%% of %.0f measured), %d in flight at most, %d requests, %d errors%n",
        config.duration(), result.targetPerSecond(), config.loadFraction() * 100, result.capacityPerSecond(),
        config.concurrency(), result.requests(), result.errors()));
    if (p99.length > 0) {
      text.append(String.format(Locale.ROOT, "p99 per window: median %.2f ms, worst %.2f ms%n",
          p99[p99.length / 2], p99[p99.length - 1]));
    }
    text.append(result.invocations()).append('\n');
    text.append("platform threads by pool, soak start -> end: ").append(result.threadChanges()).append('\n');
    for (Flatness f : result.verdicts()) {
      text.append(f).append('\n');
    }
    boolean drained = result.invocations().backlog() == 0;
    text.append("verdict: ").append(result.flat() && result.errors() == 0 && drained ? "FLAT, no errors"
        : !result.flat() ? "NOT FLAT" : result.errors() > 0 ? "flat, but with errors"
        : "flat, but the async backlog did not drain").append('\n');
    return text.toString();
  }
}
