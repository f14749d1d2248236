package io.cumulo.bench.report;

/** One point of a latency distribution: {@code millis} at {@code percentile} (0..100). */
record LatencyPoint(String benchmark, String subject, String run, double percentile, double millis) {}
