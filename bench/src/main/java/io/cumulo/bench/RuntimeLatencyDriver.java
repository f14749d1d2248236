package io.cumulo.bench;

import io.cumulo.core.runtime.InvocationRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures two latencies of the function runtime, in one JVM:
 * <ul>
 *   <li>cold start: activating a new version of a small function (a fresh class loader over its
 *       jar) until its first result;</li>
 *   <li>event to handler: appending an async invocation to the durable event log (including its
 *       fsync) until the handler starts running.</li>
 * </ul>
 * Usage: {@code RuntimeLatencyDriver [coldStarts=200] [events=2000]}; prints p50/p90/p99 in ms.
 */
public final class RuntimeLatencyDriver {
  private RuntimeLatencyDriver() {}

  public static void main(String[] args) throws Exception {
    int coldStarts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    try (BenchPlatform platform = new BenchPlatform()) {
      report("cold start", "cold start (new class loader -> first result)", coldStarts(platform, coldStarts));
      report("event to handler", "event append -> handler start", eventLatency(platform, events));
    }
  }

  private static List<Long> coldStarts(BenchPlatform platform, int count) throws Exception {
    byte[] input = "{\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8);
    List<Long> nanos = new ArrayList<>();
    for (int version = 1; version <= count + 20; version++) {
      BenchPlatform.Bundle bundle = platform.prepare("cold", version, "greet", "Greet", "");
      long start = System.nanoTime();
      platform.activate(bundle);
      var result = platform.runtime.invoke("cold/greet", input, InvocationRequest.fresh());
      long elapsed = System.nanoTime() - start;
      if (!result.coldStart()) {
        throw new IllegalStateException("expected a cold start");
      }
      if (version > 20) { // the first ones warm up the JIT and the platform's own classes
        nanos.add(elapsed);
      }
    }
    return nanos;
  }

  private static List<Long> eventLatency(BenchPlatform platform, int count) throws Exception {
    platform.deploy("probe", 1, "probe", "LatencyProbe", "    maxInstances: 4\n");
    List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<CountDownLatch> done = new AtomicReference<>();
    try (AutoCloseable follow = platform.logs.follow("probe/probe", line -> {
      nanos.add(Long.parseLong(line.message().substring("latencyNanos=".length())));
      done.get().countDown();
    })) {
      for (int i = 0; i < count; i++) {
        done.set(new CountDownLatch(1));
        byte[] payload = ("{\"sentNanos\":" + System.nanoTime() + "}").getBytes(StandardCharsets.UTF_8);
        platform.runtime.invokeAsync("probe/probe", payload);
        done.get().await();
      }
    }
    return nanos.subList(Math.min(200, nanos.size() / 10), nanos.size());
  }

  private static void report(String subject, String what, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    System.out.printf("%-48s n=%d  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms%n", what, sorted.size(),
        ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99));
    System.out.printf(java.util.Locale.ROOT, "RESULT subject=\"%s\" p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f n=%d%n",
        subject, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted.size());
    BenchResults.latencies("runtime", subject, sorted.stream().mapToLong(Long::longValue).toArray());
  }

  private static double ms(List<Long> sorted, double quantile) {
    int index = Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1);
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
