package io.cumulo.server.faults;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.server.CumuloServer;
import io.cumulo.server.RunningServer;
import io.cumulo.server.ServerConfig;
import io.cumulo.server.TestApps;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The data dir on a 24 MiB tmpfs, filled by S3 PUTs and async invokes until writes fail: every
 * failure says the disk is full, nothing half-written shows, everything acknowledged stays intact,
 * and the server takes writes again once space is freed, without a restart, and after one.
 */
@Timeout(60)
class DiskFullTest {
  private static final int OBJECT_BYTES = 256 << 10;
  private static final int FILLER_BYTES = 4 << 20;

  @TempDir Path scratch;
  private Path mountPoint;
  private boolean mounted;
  private CumuloServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void mountSmallFilesystem() throws Exception {
    mountPoint = Files.createDirectories(scratch.resolve("small"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mountPoint.toString())
        .redirectErrorStream(true).start();
    String output = new String(mount.getInputStream().readAllBytes());
    mounted = mount.waitFor() == 0;
    Assumptions.assumeTrue(mounted, "disk-full test skipped: mounting a 24 MiB tmpfs needs root (mount said: "
        + output.strip() + ")");
  }

  @AfterEach
  void unmount() throws Exception {
    if (server != null) {
      server.close();
    }
    if (mounted) {
      new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor();
    }
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  private CumuloServer start(Path data) {
    return CumuloServer.start(ServerConfig.of(data, 0, 0)
        .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  private HttpResponse<String> admin(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + Files.readString(server.adminTokenFile()).trim())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An async invoke whose event (about 64 KiB) cannot fit in the slack of an already-allocated page. */
  private HttpResponse<String> invokeAsync(int tag) throws Exception {
    String input = "{\"tag\":" + tag + ",\"pad\":\"" + "p".repeat(64 << 10) + "\"}";
    return admin("/admin/v1/functions/full/record/invoke", input.getBytes(),
        "X-Cumulo-Invocation-Type", "Event");
  }

  private S3Client s3() {
    var root = server.rootKey();
    return S3Client.builder()
        .endpointOverride(server.s3Uri())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(root.accessKeyId(), root.secretKey())))
        .build();
  }

  @Test
  void refusesWritesClearly_keepsWhatWasAcknowledged_andRecovers_whenTheDataDiskFills() throws Exception {
    Path data = mountPoint.resolve("data");
    Path filler = mountPoint.resolve("filler.bin");
    Path records = Files.createFile(scratch.resolve("records.txt"));
    Files.write(filler, new byte[FILLER_BYTES]);
    server = start(data);
    assertThat(admin("/admin/v1/apps", TestApps.bundle(manifest("full", function("record", "RecordId",
        "env:", "  RECORD_FILE: " + records)))).statusCode()).isEqualTo(200);

    Map<String, byte[]> acknowledged = new LinkedHashMap<>();
    Map<String, String> etags = new LinkedHashMap<>();
    Set<String> acknowledgedInvocations = ConcurrentHashMap.newKeySet();
    Random random = new Random(42);
    S3Exception refused = null;
    try (S3Client s3 = s3()) {
      s3.createBucket(b -> b.bucket("fill"));
      for (int n = 0; n < 160 && refused == null; n++) {
        byte[] bytes = new byte[OBJECT_BYTES];
        random.nextBytes(bytes);
        String key = "obj/" + n;
        try {
          String etag = put(s3, key, bytes);
          acknowledged.put(key, bytes);
          etags.put(key, etag);
        } catch (S3Exception e) {
          refused = e;
        }
        if (n % 4 == 0) {
          HttpResponse<String> invoked = invokeAsync(n);
          if (invoked.statusCode() == 202) {
            acknowledgedInvocations.add(RunningServer.json(invoked).get("invocationId").asText());
          }
        }
      }
      assertThat(refused).as("a 24 MiB disk cannot take 40 MiB of objects").isNotNull();
      assertThat(refused.statusCode()).isEqualTo(507);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InsufficientStorage");
      assertThat(refused.awsErrorDetails().errorMessage()).contains("disk is full");

      // A 256 KiB PUT no longer fits, but a small event might: take the last free bytes too.
      Path topOff = mountPoint.resolve("top-off.bin");
      fillUp(topOff);
      S3Exception smallRefused = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
          () -> s3.putObject(b -> b.bucket("fill").key("tiny"), RequestBody.fromString("tiny")));
      assertThat(smallRefused.statusCode()).isEqualTo(507);
      HttpResponse<String> invokedWhileFull = invokeAsync(1000);
      assertThat(invokedWhileFull.statusCode()).as(invokedWhileFull.body()).isEqualTo(507);
      assertThat(invokedWhileFull.body()).contains("disk is full");

      assertIntact(s3, acknowledged, etags);

      Files.delete(filler);
      Files.delete(topOff);
      String etag = s3.putObject(b -> b.bucket("fill").key("after"), RequestBody.fromString("space again")).eTag();
      assertThat(etag).isEqualTo("\"" + md5("space again".getBytes()) + "\"");
      HttpResponse<String> invokedAfter = invokeAsync(2000);
      assertThat(invokedAfter.statusCode()).as(invokedAfter.body()).isEqualTo(202);
      acknowledgedInvocations.add(RunningServer.json(invokedAfter).get("invocationId").asText());
      RunningServer.await(Duration.ofSeconds(20), "every acknowledged invocation to run",
          () -> recorded(records).containsAll(acknowledgedInvocations));
    }

    server.close();
    server = start(data);
    try (S3Client s3 = s3()) {
      acknowledged.put("after", "space again".getBytes());
      etags.put("after", "\"" + md5("space again".getBytes()) + "\"");
      assertIntact(s3, acknowledged, etags);
    }
  }

  /**
   * A PUT that is repeated (it is idempotent) when the JDK's HTTP client loses the connection before
   * any answer, which it does now and then on loopback whatever the disk; an S3 error is thrown.
   */
  private static String put(S3Client s3, String key, byte[] bytes) {
    for (int attempt = 1; ; attempt++) {
      try {
        return s3.putObject(b -> b.bucket("fill").key(key), RequestBody.fromBytes(bytes)).eTag();
      } catch (S3Exception answered) {
        throw answered;
      } catch (software.amazon.awssdk.core.exception.SdkClientException lost) {
        if (attempt == 3) {
          throw lost;
        }
      }
    }
  }

  /** Appends zeros to {@code file} until the filesystem refuses; returns once it is full. */
  private static void fillUp(Path file) throws IOException {
    byte[] block = new byte[64 << 10];
    try (var out = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      while (true) {
        out.write(java.nio.ByteBuffer.wrap(block));
      }
    } catch (IOException full) {
      assertThat(full).hasMessageContaining("No space left on device");
    }
    // A partial last block may have fit; single bytes take what is left of the last page.
    try (var out = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(java.nio.ByteBuffer.wrap(new byte[1]));
      }
    } catch (IOException full) {
      assertThat(full).hasMessageContaining("No space left on device");
    }
  }

  /** Every acknowledged object has its bytes and ETag, and the listing shows nothing else. */
  private static void assertIntact(S3Client s3, Map<String, byte[]> acknowledged, Map<String, String> etags)
      throws Exception {
    var listed = s3.listObjectsV2Paginator(b -> b.bucket("fill")).contents().stream()
        .map(o -> o.key()).toList();
    assertThat(listed).containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
    for (var entry : acknowledged.entrySet()) {
      var got = s3.getObjectAsBytes(b -> b.bucket("fill").key(entry.getKey()));
      assertThat(got.asByteArray()).as(entry.getKey()).isEqualTo(entry.getValue());
      assertThat(got.response().eTag()).isEqualTo(etags.get(entry.getKey()))
          .isEqualTo("\"" + md5(entry.getValue()) + "\"");
    }
  }

  private static Set<String> recorded(Path records) {
    try {
      Set<String> ids = new java.util.HashSet<>();
      for (String line : Files.readAllLines(records)) {
        if (!line.isBlank()) {
          ids.add(line.split(" ")[0]);
        }
      }
      return ids;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
