package io.cumulo.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The report step of {@code bench/run-all}: reads one run's results directory and rewrites the
 * generated tables of BENCHMARKS.md (the machine, then one table per benchmark with the median of
 * its runs and the ratio to its peer from the same run) and draws each benchmark's latency
 * distribution and throughput over time as PNG charts.
 *
 * <p>The results directory holds {@code benchmarks.tsv} (the list run, one
 * {@code name<TAB>title<TAB>peer rules} per line), {@code machine.txt} ({@code key: value}
 * lines), each benchmark's output {@code NAME.log} (its {@code RESULT} lines are the figures),
 * optionally {@code NAME.jmh.json} (JMH's JSON), and the series the drivers appended:
 * {@code latency.csv} and {@code throughput.csv} (see {@code io.cumulo.bench.BenchResults}).
 *
 * <pre>java -cp "$CP" io.cumulo.bench.report.BenchmarkReport RESULTS_DIR BENCHMARKS.md CHARTS_DIR</pre>
 */
public final class BenchmarkReport {
  private static final Pattern PERCENTILE_METRIC = Pattern.compile("p(\\d+(?:_\\d+)?)_(ms|us)");

  private final Path results;
  private final Path markdown;
  private final Path charts;
  private final Map<String, String> machine;

  private BenchmarkReport(Path results, Path markdown, Path charts) throws IOException {
    this.results = results;
    this.markdown = markdown;
    this.charts = charts;
    this.machine = readMachine(results.resolve("machine.txt"));
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: BenchmarkReport RESULTS_DIR BENCHMARKS.md CHARTS_DIR");
      System.exit(2);
    }
    new BenchmarkReport(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])).write();
  }

  private void write() throws IOException {
    List<BenchmarkEntry> entries = Files.readAllLines(results.resolve("benchmarks.tsv")).stream()
        .filter(line -> !line.isBlank()).map(BenchmarkEntry::parse).toList();
    List<LatencyPoint> latency = readLatency();
    List<String[]> throughput = readCsv(results.resolve("throughput.csv"));
    String text = Files.readString(markdown);
    text = MarkerBlocks.replace(text, "machine", "Machine of the latest bench/run-all", machineBlock());
    for (BenchmarkEntry entry : entries) {
      List<Measurement> measured = measurements(entry);
      List<LatencyPoint> curve = new ArrayList<>(latency.stream()
          .filter(p -> p.benchmark().equals(entry.name())).toList());
      Path jmh = results.resolve(entry.name() + ".jmh.json");
      if (Files.exists(jmh)) {
        curve.addAll(JmhResults.curves(entry.name(), jmh));
      }
      if (curve.isEmpty()) {
        curve.addAll(fromPercentileMetrics(measured));
      }
      List<String> chartLinks = new ArrayList<>();
      LatencyCharts.latency(entry, curve, charts.resolve(entry.name() + "-latency.png"), subtitle())
          .ifPresent(png -> chartLinks.add(link("latency distribution", png)));
      LatencyCharts.throughput(entry, throughput, charts.resolve(entry.name() + "-throughput.png"), subtitle())
          .ifPresent(png -> chartLinks.add(link("throughput over time", png)));
      text = MarkerBlocks.replace(text, entry.name(), entry.title(), table(entry, measured, chartLinks));
      System.out.println("report: " + entry.name() + ": " + measured.size() + " figures, "
          + chartLinks.size() + " charts");
    }
    Files.writeString(markdown, text);
  }

  private List<Measurement> measurements(BenchmarkEntry entry) throws IOException {
    List<Measurement> found = new ArrayList<>();
    Path log = results.resolve(entry.name() + ".log");
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        found.addAll(Measurement.parse(entry.name(), line.strip()));
      }
    }
    Path jmh = results.resolve(entry.name() + ".jmh.json");
    if (Files.exists(jmh)) {
      found.addAll(JmhResults.read(entry.name(), jmh));
    }
    return found;
  }

  /** For drivers that print only a few percentiles (wrk): a coarse curve from those metrics. */
  private static List<LatencyPoint> fromPercentileMetrics(List<Measurement> measured) {
    Map<String, Map<Double, List<Double>>> bySubject = new LinkedHashMap<>();
    for (Measurement m : measured) {
      Matcher matcher = PERCENTILE_METRIC.matcher(m.metric());
      if (matcher.matches()) {
        double percentile = Double.parseDouble(matcher.group(1).replace('_', '.'));
        double millis = matcher.group(2).equals("us") ? m.value() / 1000 : m.value();
        bySubject.computeIfAbsent(m.subject(), s -> new TreeMap<>())
            .computeIfAbsent(percentile, p -> new ArrayList<>()).add(millis);
      }
    }
    List<LatencyPoint> points = new ArrayList<>();
    bySubject.forEach((subject, curve) -> curve.forEach((percentile, values) ->
        points.add(new LatencyPoint("", subject, "1", percentile, median(values)))));
    return points;
  }

  private String table(BenchmarkEntry entry, List<Measurement> measured, List<String> chartLinks) {
    if (measured.isEmpty()) {
      return "No figures in the latest run (`" + entry.name() + ".log` had no RESULT lines); see "
          + "its log under `bench/results/`.";
    }
    Set<String> metrics = new LinkedHashSet<>();
    Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    for (Measurement m : measured) {
      metrics.add(m.metric());
      values.computeIfAbsent(m.subject(), s -> new LinkedHashMap<>())
          .computeIfAbsent(m.metric(), k -> new ArrayList<>()).add(m.value());
    }
    int runs = values.values().stream().flatMap(v -> v.values().stream()).mapToInt(List::size).max().orElse(0);
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Generated by `%s` on %s (machine above). Each cell is the median "
            + "of %s%s.%n%n",
        machine.getOrDefault("command", "bench/run-all"), machine.getOrDefault("date", "?"),
        runs == 1 ? "1 run" : "up to " + runs + " runs/rounds", entry.peerLabel().isEmpty() ? ""
            : "; in brackets, the ratio to the peer (" + entry.peerLabel() + ") measured in the same run"));
    out.append("| subject | ").append(String.join(" | ", metrics)).append(" | runs |\n");
    out.append("|---".repeat(metrics.size() + 2)).append("|\n");
    values.forEach((subject, byMetric) -> {
      Optional<Map<String, List<Double>>> peer = entry.peerOf(subject).map(values::get);
      out.append("| ").append(subject);
      for (String metric : metrics) {
        List<Double> v = byMetric.get(metric);
        out.append(" | ");
        if (v != null) {
          double median = median(v);
          out.append(format(median));
          peer.map(p -> p.get(metric)).filter(p -> median(p) != 0)
              .ifPresent(p -> out.append(String.format(Locale.ROOT, " (%.2fx)", median / median(p))));
        }
      }
      out.append(" | ").append(byMetric.values().stream().mapToInt(List::size).max().orElse(0)).append(" |\n");
    });
    if (!chartLinks.isEmpty()) {
      out.append("\nCharts: ").append(String.join(", ", chartLinks)).append(".\n");
    }
    return out.toString();
  }

  private String machineBlock() {
    return String.format(Locale.ROOT, "Latest `bench/run-all`: `%s`, %s. %s cores (%s), %s RAM, kernel %s, "
            + "%s. Load average before / after: %s / %s (the machine is shared; figures taken under load are "
            + "noisy, ratios within one run steadier). Raw results: `%s`.",
        machine.getOrDefault("command", "?"), machine.getOrDefault("date", "?"), machine.getOrDefault("nproc", "?"),
        machine.getOrDefault("cpu", "?"), machine.getOrDefault("ram", "?"), machine.getOrDefault("kernel", "?"),
        machine.getOrDefault("jdk", "?"), machine.getOrDefault("load_before", "?"),
        machine.getOrDefault("load_after", "?"), machine.getOrDefault("results", results.toString()));
  }

  private String subtitle() {
    return machine.getOrDefault("nproc", "?") + " cores, " + machine.getOrDefault("cpu", "?") + "; "
        + machine.getOrDefault("date", "") + "; load " + machine.getOrDefault("load_before", "?");
  }

  private String link(String label, Path png) {
    Path relative = markdown.toAbsolutePath().getParent().relativize(png.toAbsolutePath());
    return "[" + label + "](" + relative.toString().replace('\\', '/') + ")";
  }

  private List<LatencyPoint> readLatency() throws IOException {
    return readCsv(results.resolve("latency.csv")).stream()
        .map(r -> new LatencyPoint(r[0], r[1], r[2], Double.parseDouble(r[3]), Double.parseDouble(r[4])))
        .toList();
  }

  private static List<String[]> readCsv(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1))
        .toList();
  }

  private static Map<String, String> readMachine(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Map.of();
    }
    return Files.readAllLines(file).stream().filter(l -> l.contains(": "))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(": ")), l -> l.substring(l.indexOf(": ") + 2),
            (a, b) -> b, LinkedHashMap::new));
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static String format(double value) {
    double abs = Math.abs(value);
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (abs >= 0.1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
