package io.cumulo.bench.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One benchmark of {@code bench/run-all}'s list: its name (the marker and chart names), the title
 * of its table, and how to find each subject's peer.
 *
 * @param peerRules rules separated by {@code ;}, tried in order: {@code A->B} makes the peer of a
 *     subject containing {@code A} that subject with {@code A} replaced by {@code B};
 *     {@code *->B} makes {@code B} the peer of every other subject; empty for no peer
 */
record BenchmarkEntry(String name, String title, String peerRules) {

  /** Parses a line {@code name<TAB>title<TAB>peerRules} of {@code benchmarks.tsv}. */
  static BenchmarkEntry parse(String line) {
    String[] parts = line.split("\t", -1);
    if (parts.length != 3 || parts[0].isBlank()) {
      throw new IllegalArgumentException("expected name<TAB>title<TAB>peer rules, got: " + line);
    }
    return new BenchmarkEntry(parts[0], parts[1], parts[2]);
  }

  /** The subject to compare {@code subject} against, if any rule gives one other than itself. */
  Optional<String> peerOf(String subject) {
    for (String rule : rules()) {
      String[] sides = rule.split("->", 2);
      String peer = sides[0].equals("*") ? sides[1]
          : subject.contains(sides[0]) ? subject.replace(sides[0], sides[1]) : null;
      if (peer != null) {
        return peer.equals(subject) ? Optional.empty() : Optional.of(peer);
      }
    }
    return Optional.empty();
  }

  /** The peer named for the table's heading, e.g. {@code s3proxy}. */
  String peerLabel() {
    Set<String> targets = new LinkedHashSet<>();
    for (String rule : rules()) {
      targets.add(rule.split("->", 2)[1]);
    }
    return String.join(", ", targets);
  }

  private List<String> rules() {
    return peerRules.isBlank() ? List.of() : List.of(peerRules.split(";")).stream().map(String::strip)
        .filter(r -> r.contains("->")).toList();
  }
}
