package io.cumulo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * An S3 load generator on the AWS SDK v2 (pooled Apache HTTP client, path-style, us-east-1,
 * checksums at SDK defaults, no retries so that every failure is counted). N client threads run a
 * PUT phase (distinct keys) and then a GET phase (random keys among those written), each for the
 * given duration after an unmeasured warm-up. A client finishes the operation in flight when time
 * is up, so a phase's rate is completed work over its true wall time.
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" io.cumulo.bench.S3LoadDriver \
 *     [endpoint=http://127.0.0.1:9000] [accessKey=local-identity] [secret=local-credential]
 *     [bucket=bench] [mode=small|large (small)] [clients=16 small, 2 large] [seconds=10]
 *     [objectSize=4KiB small, 64MiB large] [target=s3] [warmupSeconds=2] [serverPid=none]
 * </pre>
 *
 * Both processes share this machine's cores, so each phase also reports CPU time per operation:
 * the driver's own (OS MXBean) and, given serverPid, the server's (utime + stime from
 * /proc/PID/stat in 10 ms ticks, Linux). These hold steadier than rates when other load competes.
 *
 * Prints one line per measured phase, e.g. {@code RESULT target=cumulo mode=small phase=put
 * clients=16 ops=... seconds=... ops_per_s=... p50_ms=... p99_ms=... mib_per_s=... errors=0
 * driver_cpu_ms_per_op=... server_cpu_ms_per_op=...}.
 * Large objects are streamed from a generated body and read into a discard buffer, and are
 * deleted at the end so repeated runs do not fill the disk.
 */
public final class S3LoadDriver {

  private static final int STREAM_CHUNK_BYTES = 1 << 20;

  private final S3Client s3;
  private final String bucket;
  private final long objectBytes;
  private final byte[] pattern;
  private final long serverPid;

  private S3LoadDriver(S3Client s3, String bucket, long objectBytes, long serverPid) {
    this.s3 = s3;
    this.serverPid = serverPid;
    this.bucket = bucket;
    this.objectBytes = objectBytes;
    this.pattern = new byte[(int) Math.min(objectBytes, STREAM_CHUNK_BYTES)];
    ThreadLocalRandom.current().nextBytes(pattern);
  }

  public static void main(String[] args) {
    URI endpoint = URI.create(arg(args, 0, "http://127.0.0.1:9000"));
    String accessKey = arg(args, 1, "local-identity");
    String secret = arg(args, 2, "local-credential");
    String bucket = arg(args, 3, "bench");
    String mode = arg(args, 4, "small");
    boolean large = switch (mode) {
      case "small" -> false;
      case "large" -> true;
      default -> throw new IllegalArgumentException("mode must be small or large, was " + mode);
    };
    int clients = Integer.parseInt(arg(args, 5, large ? "2" : "16"));
    Duration duration = Duration.ofSeconds(Long.parseLong(arg(args, 6, "10")));
    long objectBytes = parseSize(arg(args, 7, large ? "64MiB" : "4KiB"));
    String target = arg(args, 8, "s3");
    Duration warmup = Duration.ofSeconds(Long.parseLong(arg(args, 9, "2")));
    long serverPid = Long.parseLong(arg(args, 10, "-1"));
    if (clients < 1 || objectBytes < 1 || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("clients, seconds and objectSize must be positive");
    }

    try (S3Client s3 = client(endpoint, accessKey, secret, clients, large)) {
      S3LoadDriver driver = new S3LoadDriver(s3, bucket, objectBytes, serverPid);
      driver.createBucketIfMissing();
      String runPrefix = mode + "/" + UUID.randomUUID() + "/";
      if (!warmup.isZero()) {
        PhaseResult warmPut = driver.putPhase(runPrefix + "warmup/", clients, warmup);
        driver.getPhase(runPrefix + "warmup/", warmPut.keysPerClient(), clients, warmup);
        driver.deleteIfLarge(runPrefix + "warmup/", warmPut.keysPerClient());
      }
      PhaseResult put = driver.putPhase(runPrefix, clients, duration);
      put.print(target, mode, "put", clients, objectBytes);
      PhaseResult get = driver.getPhase(runPrefix, put.keysPerClient(), clients, duration);
      get.print(target, mode, "get", clients, objectBytes);
      driver.deleteIfLarge(runPrefix, put.keysPerClient());
    }
  }

  private static S3Client client(URI endpoint, String accessKey, String secret, int clients,
      boolean large) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secret)))
        .httpClientBuilder(ApacheHttpClient.builder()
            .maxConnections(clients + 4)
            .socketTimeout(Duration.ofSeconds(large ? 120 : 30))
            .connectionTimeout(Duration.ofSeconds(5)))
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  private void createBucketIfMissing() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      try {
        s3.createBucket(b -> b.bucket(bucket));
      } catch (BucketAlreadyOwnedByYouException raced) {
        // Another driver created it between our HEAD and PUT: what we wanted.
      }
    }
  }

  private PhaseResult putPhase(String prefix, int clients, Duration duration) {
    return runPhase(clients, duration, (client, seq) -> {
      s3.putObject(b -> b.bucket(bucket).key(key(prefix, client, seq)), body());
      return true;
    });
  }

  private PhaseResult getPhase(String prefix, long[] keysPerClient, int clients,
      Duration duration) {
    int[] writers = IntStream.range(0, keysPerClient.length)
        .filter(i -> keysPerClient[i] > 0).toArray();
    if (writers.length == 0) {
      throw new IllegalStateException("the PUT phase wrote no object, so there is nothing to GET");
    }
    return runPhase(clients, duration, (client, seq) -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int writer = writers[random.nextInt(writers.length)];
      String key = key(prefix, writer, random.nextLong(keysPerClient[writer]));
      return drain(s3.getObject(b -> b.bucket(bucket).key(key))) == objectBytes;
    });
  }

  private void deleteIfLarge(String prefix, long[] keysPerClient) {
    if (objectBytes < STREAM_CHUNK_BYTES) {
      return;
    }
    for (int client = 0; client < keysPerClient.length; client++) {
      for (long seq = 0; seq < keysPerClient[client]; seq++) {
        String key = key(prefix, client, seq);
        s3.deleteObject(b -> b.bucket(bucket).key(key));
      }
    }
  }

  private static String key(String prefix, int client, long seq) {
    return prefix + client + "/" + seq;
  }

  /** A body of objectBytes repeating a random pattern, streamed rather than held in memory. */
  private RequestBody body() {
    if (objectBytes == pattern.length) {
      return RequestBody.fromBytes(pattern);
    }
    return RequestBody.fromContentProvider(() -> new PatternInputStream(pattern, objectBytes),
        objectBytes, "application/octet-stream");
  }

  private static long drain(ResponseInputStream<GetObjectResponse> in) {
    byte[] discard = new byte[64 * 1024];
    long total = 0;
    try (in) {
      for (int n; (n = in.read(discard)) >= 0; ) {
        total += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total;
  }

  /** One operation: returns false when it completed with a wrong result (counted as an error). */
  @FunctionalInterface
  private interface Operation {
    boolean run(int client, long seq);
  }

  private PhaseResult runPhase(int clients, Duration duration, Operation op) {
    long driverCpuBefore = driverCpuNanos();
    long serverCpuBefore = serverCpuNanos();
    long[][] latencies = new long[clients][];
    long[] completed = new long[clients];
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    BenchResults.PerSecond perSecond = new BenchResults.PerSecond(start, (int) duration.toSeconds() + 1);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(Thread.ofPlatform().name("s3-client-" + c).start(() -> {
        long[] nanos = new long[1024];
        long seq = 0;
        while (System.nanoTime() < deadline) {
          long t0 = System.nanoTime();
          boolean ok;
          try {
            ok = op.run(client, seq);
          } catch (RuntimeException e) {
            ok = false;
            if (errors.get() < 3) {
              System.err.println("operation failed: " + e);
            }
          }
          long elapsed = System.nanoTime() - t0;
          if (!ok) {
            errors.incrementAndGet();
            continue;
          }
          if (seq == nanos.length) {
            nanos = Arrays.copyOf(nanos, nanos.length * 2);
          }
          nanos[(int) seq++] = elapsed;
          perSecond.count(t0 + elapsed);
        }
        latencies[client] = Arrays.copyOf(nanos, (int) seq);
        completed[client] = seq;
      }));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the clients", e);
      }
    }
    long wallNanos = System.nanoTime() - start;
    long driverCpu = driverCpuNanos() - driverCpuBefore;
    long serverCpu = serverPid > 0 ? serverCpuNanos() - serverCpuBefore : -1;
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    return new PhaseResult(completed, all, wallNanos, errors.get(), driverCpu, serverCpu, perSecond);
  }

  private static long driverCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The server's user + system CPU time, or -1 without a pid. Linux ticks are 10 ms (USER_HZ). */
  private long serverCpuNanos() {
    if (serverPid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10_000_000L;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU time of server pid " + serverPid, e);
    }
  }

  /** The outcome of one phase; keysPerClient[i] is how many operations client i completed. */
  private record PhaseResult(long[] keysPerClient, long[] sortedNanos, long wallNanos,
      long errors, long driverCpuNanos, long serverCpuNanos, BenchResults.PerSecond perSecond) {

    void print(String target, String mode, String phase, int clients, long objectBytes) {
      String subject = target + " " + mode + " " + phase;
      BenchResults.latencies("s3", subject, sortedNanos);
      BenchResults.perSecond("s3", subject, perSecond);
      long ops = sortedNanos.length;
      double seconds = wallNanos / 1e9;
      System.out.println(String.format(Locale.ROOT,
          "RESULT target=%s mode=%s phase=%s clients=%d object_bytes=%d ops=%d seconds=%.2f"
              + " ops_per_s=%.1f p50_ms=%.2f p99_ms=%.2f mib_per_s=%.1f errors=%d"
              + " driver_cpu_ms_per_op=%.3f server_cpu_ms_per_op=%.3f",
          target, mode, phase, clients, objectBytes, ops, seconds, ops / seconds,
          percentileMillis(0.50), percentileMillis(0.99),
          ops * (double) objectBytes / (1 << 20) / seconds, errors,
          driverCpuNanos / 1e6 / ops, serverCpuNanos < 0 ? Double.NaN : serverCpuNanos / 1e6 / ops));
    }

    private double percentileMillis(double p) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p * sortedNanos.length) - 1;
      return sortedNanos[Math.max(0, rank)] / 1e6;
    }
  }

  /** Generates length bytes by repeating pattern, so a 64 MiB body costs 1 MiB of heap. */
  private static final class PatternInputStream extends InputStream {
    private final byte[] pattern;
    private final long length;
    private long position;

    PatternInputStream(byte[] pattern, long length) {
      this.pattern = pattern;
      this.length = length;
    }

    @Override
    public int read() {
      return position < length ? pattern[(int) (position++ % pattern.length)] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= length) {
        return -1;
      }
      int from = (int) (position % pattern.length);
      int n = (int) Math.min(Math.min(len, pattern.length - from), length - position);
      System.arraycopy(pattern, from, b, off, n);
      position += n;
      return n;
    }
  }

  private static long parseSize(String text) {
    String t = text.trim();
    if (t.endsWith("MiB")) {
      return Long.parseLong(t.substring(0, t.length() - 3)) << 20;
    }
    if (t.endsWith("KiB")) {
      return Long.parseLong(t.substring(0, t.length() - 3)) << 10;
    }
    return Long.parseLong(t);
  }

  private static String arg(String[] args, int index, String fallback) {
    return args.length > index && !args[index].isBlank() ? args[index] : fallback;
  }
}
