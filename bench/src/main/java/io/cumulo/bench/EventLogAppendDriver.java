package io.cumulo.bench;

import io.cumulo.core.events.Delivery;
import io.cumulo.core.events.Event;
import io.cumulo.core.events.EventLogFullException;
import io.cumulo.core.events.FileEventLog;
import io.cumulo.core.events.FileEventLogConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures durable append throughput of the embedded event log: N producers (virtual threads)
 * each keep W appends in flight for T seconds, while one consumer polls and completes, as the
 * invoker would. Prints events/s and append-to-durable latency percentiles.
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" io.cumulo.bench.EventLogAppendDriver \
 *     [baseDir=/tmp] [producers=64] [window=16] [seconds=10] [payloadBytes=256] [warmupSeconds=2]
 * </pre>
 */
public final class EventLogAppendDriver {

  private EventLogAppendDriver() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(arg(args, 0, System.getProperty("java.io.tmpdir")));
    int producers = Integer.parseInt(arg(args, 1, "64"));
    int window = Integer.parseInt(arg(args, 2, "16"));
    int seconds = Integer.parseInt(arg(args, 3, "10"));
    int payloadBytes = Integer.parseInt(arg(args, 4, "256"));
    int warmupSeconds = Integer.parseInt(arg(args, 5, "2"));
    byte[] payload = ("{\"bucket\":\"photos\",\"key\":\"" + "x".repeat(payloadBytes) + "\"}")
        .substring(0, payloadBytes).getBytes(StandardCharsets.UTF_8);

    Path dir = Files.createTempDirectory(base, "event-log-bench-");
    try (FileEventLog log = FileEventLog.open(dir, FileEventLogConfig.defaults(),
        InstantSource.system())) {
      LatencyRecorder latencies = new LatencyRecorder();
      AtomicLong durable = new AtomicLong();
      AtomicLong rejected = new AtomicLong();
      long start = System.nanoTime();
      long measureFrom = start + Duration.ofSeconds(warmupSeconds).toNanos();
      long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
      BenchResults.PerSecond perSecond = new BenchResults.PerSecond(measureFrom, seconds);

      Thread consumer = Thread.ofVirtual().start(() -> consume(log));
      List<Thread> threads = Stream.generate(() -> Thread.ofVirtual().unstarted(() ->
          produce(log, payload, window, measureFrom, end, latencies, durable, rejected, perSecond)))
          .limit(producers).toList();
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      consumer.interrupt();
      consumer.join();

      long[] sorted = latencies.sorted();
      System.out.printf("event log append: %d producers x %d in flight, %d-byte payloads, %d s"
          + " (after %d s warm-up), dir %s%n", producers, window, payloadBytes, seconds,
          warmupSeconds, dir);
      System.out.printf("durable events/s: %.0f   rejected (log full): %d%n",
          durable.get() / (double) seconds, rejected.get());
      System.out.printf("append-to-durable latency ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
          percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999),
          percentile(sorted, 1.0));
      System.out.printf(java.util.Locale.ROOT, "RESULT subject=\"group commit\" ops_per_s=%.0f p50_ms=%.3f p99_ms=%.3f%n",
          durable.get() / (double) seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
      BenchResults.latencies("event-log", "group commit", sorted);
      BenchResults.perSecond("event-log", "group commit", perSecond);
    } finally {
      deleteTree(dir);
    }
  }

  private static void produce(FileEventLog log, byte[] payload, int window, long measureFrom,
      long end, LatencyRecorder latencies, AtomicLong durable, AtomicLong rejected, BenchResults.PerSecond perSecond) {
    Semaphore inFlight = new Semaphore(window);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    try {
      while (System.nanoTime() < end) {
        inFlight.acquire();
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        long sent = System.nanoTime();
        log.append(new Event(id, "photos/thumbnail", "invoke", payload, Instant.now()))
            .whenComplete((ok, failure) -> {
              long done = System.nanoTime();
              if (failure != null && failure.getCause() instanceof EventLogFullException) {
                rejected.incrementAndGet();
              } else if (failure == null && sent >= measureFrom && done <= end) {
                durable.incrementAndGet();
                latencies.record(done - sent);
                perSecond.count(done);
              }
              inFlight.release();
            });
      }
      inFlight.acquire(window);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Polls and completes, as the invoker does, so the log stays below its pending bound. */
  private static void consume(FileEventLog log) {
    try {
      while (true) {
        for (Delivery delivery : log.poll(4096, Duration.ofMillis(100))) {
          log.complete(delivery.event().id());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Latencies in nanoseconds; appended to by the log's writer thread, which completes futures. */
  private static final class LatencyRecorder {
    private long[] values = new long[1 << 20];
    private int size;

    synchronized void record(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    synchronized long[] sorted() {
      long[] copy = Arrays.copyOf(values, size);
      Arrays.sort(copy);
      return copy;
    }
  }

  private static double percentile(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static String arg(String[] args, int index, String fallback) {
    return args.length > index ? args[index] : fallback;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
