package io.cumulo.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON result file ({@code -rf json}) into measurements: the subject is the benchmark
 * method; a sample-time benchmark gives {@code p50_us} and the other percentiles JMH reports (in
 * its output unit, named in the metric), a throughput benchmark gives {@code ops_per_s}.
 */
final class JmhResults {
  private JmhResults() {}

  static List<Measurement> read(String benchmark, Path json) throws IOException {
    List<Measurement> found = new ArrayList<>();
    for (JsonNode run : new ObjectMapper().readTree(json.toFile())) {
      String method = run.path("benchmark").asText();
      String subject = method.substring(method.lastIndexOf('.') + 1);
      JsonNode metric = run.path("primaryMetric");
      String unit = metric.path("scoreUnit").asText();
      if ("thrpt".equals(run.path("mode").asText())) {
        found.add(new Measurement(benchmark, subject, "ops_per_s", metric.path("score").asDouble()));
        continue;
      }
      String suffix = unit.startsWith("us") ? "us" : unit.startsWith("ms") ? "ms" : "ns";
      Iterator<Map.Entry<String, JsonNode>> percentiles = metric.path("scorePercentiles").fields();
      while (percentiles.hasNext()) {
        Map.Entry<String, JsonNode> p = percentiles.next();
        double percentile = Double.parseDouble(p.getKey());
        if (percentile == 50 || percentile == 90 || percentile == 99 || percentile == 99.9) {
          found.add(new Measurement(benchmark, subject, "p" + label(percentile) + "_" + suffix,
              p.getValue().asDouble()));
        }
      }
    }
    return found;
  }

  /** The points of each sample-time benchmark's percentile curve, converted to milliseconds. */
  static List<LatencyPoint> curves(String benchmark, Path json) throws IOException {
    List<LatencyPoint> points = new ArrayList<>();
    for (JsonNode run : new ObjectMapper().readTree(json.toFile())) {
      if ("thrpt".equals(run.path("mode").asText())) {
        continue;
      }
      String method = run.path("benchmark").asText();
      JsonNode metric = run.path("primaryMetric");
      String unit = metric.path("scoreUnit").asText();
      double toMillis = unit.startsWith("us") ? 1e-3 : unit.startsWith("ms") ? 1 : 1e-6;
      Iterator<Map.Entry<String, JsonNode>> percentiles = metric.path("scorePercentiles").fields();
      while (percentiles.hasNext()) {
        Map.Entry<String, JsonNode> p = percentiles.next();
        points.add(new LatencyPoint(benchmark, method.substring(method.lastIndexOf('.') + 1), "1",
            Double.parseDouble(p.getKey()), p.getValue().asDouble() * toMillis));
      }
    }
    return points;
  }

  private static String label(double percentile) {
    return percentile == Math.rint(percentile) ? Long.toString((long) percentile)
        : String.format(Locale.ROOT, "%s", percentile).replace('.', '_');
  }
}
