package io.cumulo.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The two charts of each benchmark: its latency distributions and its throughput per second. */
final class LatencyCharts {
  private LatencyCharts() {}

  /**
   * Latency against percentile, one line per subject (median over runs at each percentile). The x
   * axis counts nines, {@code -log10(1 - p)}, so the tail gets as much room as the body: 0 is the
   * minimum, 1 is p90, 2 is p99, 3 is p99.9. The maximum (p100) has no place on it and is left out.
   */
  static Optional<Path> latency(BenchmarkEntry entry, List<LatencyPoint> points, Path png, String subtitle)
      throws IOException {
    Map<String, TreeMap<Double, List<Double>>> bySubject = new LinkedHashMap<>();
    for (LatencyPoint p : points) {
      if (p.percentile() < 100) {
        bySubject.computeIfAbsent(p.subject(), s -> new TreeMap<>())
            .computeIfAbsent(p.percentile(), x -> new ArrayList<>()).add(p.millis());
      }
    }
    LineChart chart = new LineChart(entry.title() + ": latency distribution",
        "percentile, in nines (0 = p0, 1 = p90, 2 = p99, 3 = p99.9, 4 = p99.99)", "latency (ms, log scale)")
        .subtitle(subtitle).logY();
    bySubject.forEach((subject, curve) -> {
      List<double[]> line = new ArrayList<>();
      curve.forEach((percentile, values) -> line.add(new double[] {
          -Math.log10(1 - percentile / 100), BenchmarkReport.median(values)}));
      chart.line(subject, line);
    });
    if (chart.isEmpty()) {
      return Optional.empty();
    }
    chart.write(png);
    return Optional.of(png);
  }

  /** Operations per second in each second of each measured phase; one line per subject and run. */
  static Optional<Path> throughput(BenchmarkEntry entry, List<String[]> rows, Path png, String subtitle)
      throws IOException {
    Map<String, List<double[]>> lines = new LinkedHashMap<>();
    boolean severalRuns = rows.stream().filter(r -> r[0].equals(entry.name())).map(r -> r[2]).distinct().count() > 1;
    for (String[] r : rows) {
      if (r[0].equals(entry.name())) {
        String name = severalRuns ? r[1] + " (run " + r[2] + ")" : r[1];
        lines.computeIfAbsent(name, n -> new ArrayList<>())
            .add(new double[] {Double.parseDouble(r[3]), Double.parseDouble(r[4])});
      }
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    LineChart chart = new LineChart(entry.title() + ": throughput over time", "second of the measured phase (s)",
        "operations per second (log scale)").subtitle(subtitle).logY();
    lines.forEach(chart::line);
    chart.write(png);
    return Optional.of(png);
  }
}
