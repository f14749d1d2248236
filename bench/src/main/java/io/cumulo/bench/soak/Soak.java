package io.cumulo.bench.soak;

import io.cumulo.server.CumuloServer;
import io.cumulo.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a soak: starts a real Cumulo server in this JVM (data in a temp dir), deploys
 * {@link SoakApp}, measures capacity with unpaced load, then drives the configured fraction of it
 * and samples the process every window. The load workers are a fixed set of virtual threads with
 * a fixed number of connections, so they add a constant to the thread and descriptor counts and
 * nothing that grows.
 */
public final class Soak {
  /** Heap after GC may grow by this much plus {@link #HEAP_ALLOWED_FRACTION} of its start. */
  static final double HEAP_ALLOWED_MIB = 16;
  static final double HEAP_ALLOWED_FRACTION = 0.10;
  static final double THREADS_ALLOWED = 4;
  static final double FDS_ALLOWED = 8;
  /** How long the async invokes queued by the last requests may take to finish after the load stops. */
  static final java.time.Duration DRAIN_WAIT = java.time.Duration.ofSeconds(30);

  private Soak() {}

  /**
   * The outcome.
   *
   * @param capacityPerSecond the unpaced rate measured in calibration (0 when skipped)
   * @param targetPerSecond the rate driven during the soak
   * @param samples one per window
   * @param verdicts heap, threads and descriptors, each flat or not
   * @param invocations the server's own count of each function's invocations by outcome, after the
   *     async backlog drained (or the drain wait ran out)
   * @param threadChanges the thread pools whose size differs between the soak's first and last
   *     moment, e.g. {@code qtp 12->14}
   */
  public record Result(double capacityPerSecond, double targetPerSecond, List<SoakSample> samples,
      List<Flatness> verdicts, InvocationCounts invocations, String threadChanges) {
    public boolean flat() {
      return verdicts.stream().allMatch(Flatness::flat);
    }

    /** Failed requests plus failed invocations (a failed async invoke has no HTTP answer to fail). */
    public long errors() {
      return samples.stream().mapToLong(SoakSample::errors).sum() + invocations.frontFailed()
          + invocations.tailFailed();
    }

    public long requests() {
      return samples.stream().mapToLong(SoakSample::requests).sum();
    }
  }

  /** Runs the soak; {@code progress} sees each line worth printing. */
  public static Result run(SoakConfig config, Consumer<String> progress) throws IOException, InterruptedException {
    Path data = Files.createTempDirectory("cumulo-soak");
    try (CumuloServer server = CumuloServer.start(ServerConfig.of(data, 0, 0))) {
      URI target = SoakApp.deploy(server);
      progress.accept("soak: server at " + server.uri() + ", data in " + data + ", route " + target);
      LatencyWindow window = new LatencyWindow();
      try (PacedLoad load = new PacedLoad(target, config.concurrency(), window)) {
        double capacity = 0;
        double rate = config.fixedRatePerSecond();
        if (!config.calibration().isZero()) {
          capacity = calibrate(config, window);
          rate = capacity * config.loadFraction();
          progress.accept(String.format(java.util.Locale.ROOT,
              "soak: capacity %.0f req/s (unpaced, %d in flight), driving %.0f req/s (%.0f%%)",
              capacity, config.concurrency(), rate, config.loadFraction() * 100));
        }
        window.drain();
        load.pace(rate);
        ThreadCensus before = ThreadCensus.take();
        List<SoakSample> samples = sample(config, window, progress);
        String threadChanges = ThreadCensus.take().changesSince(before);
        progress.accept("soak: platform threads by pool, soak start -> end: " + threadChanges);
        load.close();
        InvocationCounts counts = InvocationCounts.awaitDrained(server.platform().metering(), DRAIN_WAIT);
        progress.accept("soak: " + counts);
        return new Result(capacity, rate, samples, judge(samples), counts, threadChanges);
      }
    }
  }

  /** Unpaced load; the first quarter is warm-up, the rest gives the capacity. */
  private static double calibrate(SoakConfig config, LatencyWindow window) throws InterruptedException {
    long total = config.calibration().toMillis();
    Thread.sleep(total / 4);
    window.drain();
    long started = System.nanoTime();
    Thread.sleep(total - total / 4);
    LatencyWindow.Snapshot measured = window.drain();
    return measured.sortedNanos().length / ((System.nanoTime() - started) / 1e9);
  }

  private static List<SoakSample> sample(SoakConfig config, LatencyWindow window, Consumer<String> progress)
      throws InterruptedException {
    List<SoakSample> samples = new ArrayList<>();
    long start = System.nanoTime();
    long every = config.sampleEvery().toNanos();
    long windows = config.duration().toNanos() / every;
    long windowStart = start;
    for (long i = 1; i <= windows; i++) {
      long due = start + i * every;
      Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
      LatencyWindow.Snapshot snapshot = window.drain();
      long now = System.nanoTime();
      double seconds = (now - windowStart) / 1e9;
      windowStart = now;
      SoakSample sample = new SoakSample((now - start) / 1e9, ProcessGauges.heapAfterGcMib(),
          ProcessGauges.heapUsedMib(), ProcessGauges.threads(), ProcessGauges.openFileDescriptors(),
          snapshot.requests(), snapshot.sortedNanos().length / seconds, snapshot.errors(),
          snapshot.quantileMillis(0.50), snapshot.quantileMillis(0.99), ProcessGauges.loadAverage());
      samples.add(sample);
      progress.accept("soak: " + sample.csv());
    }
    return samples;
  }

  static List<Flatness> judge(List<SoakSample> samples) {
    double heapStart = samples.get((int) Math.floor(samples.size() * Flatness.SKIP_FRACTION)).heapAfterGcMib();
    return List.of(
        Flatness.of("heap after GC (MiB)", samples, SoakSample::heapAfterGcMib,
            HEAP_ALLOWED_MIB + HEAP_ALLOWED_FRACTION * heapStart),
        Flatness.of("live threads", samples, SoakSample::threads, THREADS_ALLOWED),
        Flatness.of("open file descriptors", samples, SoakSample::fileDescriptors, FDS_ALLOWED));
  }
}
