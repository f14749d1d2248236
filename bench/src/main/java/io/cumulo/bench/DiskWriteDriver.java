package io.cumulo.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The disk peer of the large-object S3 benchmark: what a plain durable sequential write achieves
 * on the same filesystem. Each repetition creates a fresh file in the given directory, writes
 * fileSize bytes in 1 MiB writes, fsyncs (data and metadata, as an S3 PUT must before its 200) and
 * closes it; the file is deleted outside the timed part. Prints each repetition and the median.
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" io.cumulo.bench.DiskWriteDriver \
 *     [dir=java.io.tmpdir] [fileMiB=64] [repetitions=10] [target=disk]
 * </pre>
 *
 * The last line is machine-readable: {@code RESULT target=disk mode=large phase=write
 * mib_per_s=...} (the median over repetitions).
 */
public final class DiskWriteDriver {

  private static final int WRITE_BYTES = 1 << 20;

  private DiskWriteDriver() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(arg(args, 0, System.getProperty("java.io.tmpdir")));
    int fileMiB = Integer.parseInt(arg(args, 1, "64"));
    int repetitions = Integer.parseInt(arg(args, 2, "10"));
    String target = arg(args, 3, "disk");
    if (fileMiB < 1 || repetitions < 1) {
      throw new IllegalArgumentException("fileMiB and repetitions must be positive");
    }
    Files.createDirectories(dir);
    ByteBuffer chunk = ByteBuffer.allocateDirect(WRITE_BYTES);
    byte[] random = new byte[WRITE_BYTES];
    ThreadLocalRandom.current().nextBytes(random);
    chunk.put(random).flip();

    double[] mibPerSecond = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      Path file = dir.resolve("disk-write-" + ProcessHandle.current().pid() + "-" + r + ".bin");
      long start = System.nanoTime();
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        for (int i = 0; i < fileMiB; i++) {
          chunk.rewind();
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
        }
        out.force(true);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Files.delete(file);
      mibPerSecond[r] = fileMiB / seconds;
      System.out.printf(Locale.ROOT, "write %d: %d MiB in %.3f s = %.1f MiB/s%n", r + 1, fileMiB,
          seconds, mibPerSecond[r]);
    }
    double[] sorted = mibPerSecond.clone();
    Arrays.sort(sorted);
    System.out.println(String.format(Locale.ROOT,
        "RESULT target=%s mode=large phase=write repetitions=%d file_mib=%d mib_per_s=%.1f",
        target, repetitions, fileMiB,
        (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2));
  }

  private static String arg(String[] args, int index, String fallback) {
    return args.length > index && !args[index].isBlank() ? args[index] : fallback;
  }
}
