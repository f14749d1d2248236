package io.cumulo.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * The peer of the event-log benchmark: one durable write per event without group commit, i.e.
 * sequential small writes to a file opened with {@code O_DSYNC} (what {@code dd oflag=dsync}
 * does), one at a time, for a fixed time. Prints writes per second and write latency.
 *
 * <pre>
 * java -cp "$CP" io.cumulo.bench.SyncedWriteDriver [dir=java.io.tmpdir] [seconds=5] [writeBytes=4096]
 * </pre>
 */
public final class SyncedWriteDriver {
  private SyncedWriteDriver() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int writeBytes = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
    if (seconds < 1 || writeBytes < 1) {
      throw new IllegalArgumentException("seconds and writeBytes must be positive");
    }
    Path file = dir.resolve("synced-write-" + ProcessHandle.current().pid() + ".bin");
    ByteBuffer block = ByteBuffer.allocateDirect(writeBytes);
    long[] nanos = new long[1 << 16];
    int count = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    BenchResults.PerSecond perSecond = new BenchResults.PerSecond(start, seconds);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.DSYNC)) {
      long now = start;
      while (now < end) {
        block.rewind();
        out.write(block);
        long done = System.nanoTime();
        if (count == nanos.length) {
          nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = done - now;
        perSecond.count(done);
        now = done;
      }
    } finally {
      Files.deleteIfExists(file);
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    double p50 = sorted[count / 2] / 1e6;
    double p99 = sorted[Math.min(count - 1, (int) Math.ceil(0.99 * count) - 1)] / 1e6;
    System.out.printf(Locale.ROOT, "RESULT subject=\"fsync per write\" ops_per_s=%.0f p50_ms=%.3f p99_ms=%.3f%n",
        count / (double) seconds, p50, p99);
    BenchResults.latencies("event-log", "fsync per write", sorted);
    BenchResults.perSecond("event-log", "fsync per write", perSecond);
  }
}
