package io.cumulo.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One figure of one run: e.g. benchmark {@code s3}, subject {@code cumulo small put}, metric
 * {@code ops_per_s}, value 659. The metric's name carries its unit ({@code _ms}, {@code _us},
 * {@code _per_s}).
 */
record Measurement(String benchmark, String subject, String metric, double value) {
  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\"([^\"]*)\"|\\S+)");
  /** Fields that name the subject, in this order, when a line has no {@code subject} field. */
  private static final List<String> SUBJECT_FIELDS = List.of("target", "mode", "phase");
  /** Numeric fields that describe the set-up rather than measure it. */
  private static final Set<String> NOT_METRICS = Set.of("clients", "object_bytes", "ops", "seconds",
      "repetitions", "file_mib", "n", "round", "run");

  /**
   * Reads a driver's {@code RESULT key=value ...} line: the subject is the {@code subject} or
   * {@code peer} field, else the {@code target mode phase} fields joined; every other numeric
   * field that is not set-up is a metric.
   */
  static List<Measurement> parse(String benchmark, String line) {
    if (!line.startsWith("RESULT ")) {
      return List.of();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(line.substring("RESULT ".length()));
    while (m.find()) {
      fields.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
    }
    String subject = Optional.ofNullable(fields.get("subject")).or(() -> Optional.ofNullable(fields.get("peer")))
        .orElseGet(() -> String.join(" ", SUBJECT_FIELDS.stream().filter(fields::containsKey)
            .map(fields::get).toList()));
    List<Measurement> found = new ArrayList<>();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (NOT_METRICS.contains(field.getKey()) || SUBJECT_FIELDS.contains(field.getKey())) {
        continue;
      }
      try {
        double value = Double.parseDouble(field.getValue());
        if (Double.isFinite(value)) {
          found.add(new Measurement(benchmark, subject, field.getKey(), value));
        }
      } catch (NumberFormatException notANumber) {
        // A label (e.g. the list of per-round values), not a metric.
      }
    }
    return found;
  }
}
