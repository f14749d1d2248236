package io.cumulo.bench.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Live platform threads counted by pool: the thread's name with its trailing numbers removed
 * ({@code qtp123-45} and {@code qtp123-46} are one pool). Comparing two censuses names the pool
 * that grew, which a bare thread count cannot.
 */
record ThreadCensus(Map<String, Integer> byPool) {

  static ThreadCensus take() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String pool = thread.getName().replaceAll("[-_#@ ]*\\d+$", "").replaceAll("\\d+", "N");
      counts.merge(pool.isEmpty() ? "(unnamed)" : pool, 1, Integer::sum);
    }
    return new ThreadCensus(counts);
  }

  /** The pools whose count changed from {@code before} to this census, as {@code pool before->after}. */
  String changesSince(ThreadCensus before) {
    TreeSet<String> pools = new TreeSet<>(byPool.keySet());
    pools.addAll(before.byPool.keySet());
    String changes = pools.stream()
        .filter(p -> !before.byPool.getOrDefault(p, 0).equals(byPool.getOrDefault(p, 0)))
        .map(p -> p + " " + before.byPool.getOrDefault(p, 0) + "->" + byPool.getOrDefault(p, 0))
        .collect(Collectors.joining(", "));
    return changes.isEmpty() ? "no pool changed" : changes;
  }
}
