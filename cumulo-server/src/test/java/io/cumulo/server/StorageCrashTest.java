package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.storage.auth.AccessKey;
import io.cumulo.storage.auth.SigV4Presigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of S3 PUTs into a bucket with a trigger, SIGKILL in the middle: after the restart every
 * acknowledged object is intact (bytes and ETag), no unacknowledged object is half-there, and every
 * acknowledged PUT produced its notification.
 */
@Timeout(180)
class StorageCrashTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  private static byte[] body(int n) {
    return ("object " + n + " ").repeat(50 + n % 200).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsEveryAcknowledgedObjectAndItsNotification_afterKillMinus9(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Path records = dir.resolve("events.txt");
    Files.createFile(records);
    String app = "name: burst\nbuckets: [burst-in]\nfunctions:\n" + function("record", "RecordKey",
        "maxInstances: 4", "env:", "  RECORD_FILE: " + records, "triggers:", "  - bucket: burst-in");
    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // key -> md5
    AtomicInteger next = new AtomicInteger();

    try (ServerProcess first = ServerProcess.start(data)) {
      HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(first.uri().resolve("/admin/v1/apps"))
          .header("Authorization", "Bearer " + first.token())
          .POST(HttpRequest.BodyPublishers.ofByteArray(TestApps.bundle(app))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
      URI s3 = URI.create(RunningServer.JSON.readTree(data.resolve(CumuloServer.SERVER_FILE).toFile())
          .get("s3Url").asText());
      JsonNode root = RunningServer.JSON.readTree(data.resolve("credentials.json").toFile()).get("root");
      AccessKey key = new AccessKey(root.get("accessKeyId").asText(), root.get("secretKey").asText(), null, "root");

      try (ExecutorService clients = Executors.newFixedThreadPool(12)) {
        for (int c = 0; c < 12; c++) {
          clients.submit(() -> {
            while (next.get() < 600) {
              int n = next.incrementAndGet();
              String objectKey = "obj/" + n + ".txt";
              URI url = new SigV4Presigner().presign("PUT", s3, "burst-in", objectKey, Duration.ofMinutes(5),
                  key, Instant.now());
              byte[] bytes = body(n);
              try {
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(url)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() == 200) {
                  acknowledged.put(objectKey, md5(bytes));
                }
              } catch (IOException e) {
                return null;
              }
            }
            return null;
          });
        }
        RunningServer.await(Duration.ofSeconds(60), "300 acknowledged PUTs", () -> acknowledged.size() >= 300);
        first.kill();
      }
    }

    try (ServerProcess second = ServerProcess.start(data)) {
      URI s3 = URI.create(RunningServer.JSON.readTree(data.resolve(CumuloServer.SERVER_FILE).toFile())
          .get("s3Url").asText());
      JsonNode root = RunningServer.JSON.readTree(data.resolve("credentials.json").toFile()).get("root");
      AccessKey key = new AccessKey(root.get("accessKeyId").asText(), root.get("secretKey").asText(), null, "root");
      for (int n = 1; n <= next.get(); n++) {
        String objectKey = "obj/" + n + ".txt";
        URI url = new SigV4Presigner().presign("GET", s3, "burst-in", objectKey, Duration.ofMinutes(5), key, Instant.now());
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (acknowledged.containsKey(objectKey)) {
          assertThat(got.statusCode()).as(objectKey).isEqualTo(200);
          assertThat(got.body()).as(objectKey).isEqualTo(body(n));
          assertThat(got.headers().firstValue("ETag")).hasValue("\"" + acknowledged.get(objectKey) + "\"");
        } else if (got.statusCode() == 200) {
          // Written but not acknowledged before the kill: allowed, but never partial.
          assertThat(got.body()).as(objectKey).isEqualTo(body(n));
        } else {
          assertThat(got.statusCode()).as(objectKey).isEqualTo(404);
        }
      }
      RunningServer.await(Duration.ofSeconds(90), "a notification for every acknowledged PUT",
          () -> notified(records).containsAll(acknowledged.keySet()));
    }
  }

  @Test
  void keepsAcknowledgedPartsAndHidesTheUnfinishedObject_afterKillMinus9DuringAMultipartUpload(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    byte[] part = new byte[5 << 20];
    new java.util.Random(7).nextBytes(part);
    java.util.List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new java.util.ArrayList<>();
    String uploadId;
    try (ServerProcess first = ServerProcess.start(data); var s3 = sdk(data)) {
      s3.createBucket(b -> b.bucket("big"));
      uploadId = s3.createMultipartUpload(b -> b.bucket("big").key("movie.bin")).uploadId();
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      Thread uploader = Thread.ofPlatform().start(() -> {
        for (int n = 1; n <= 40 && !stop.get(); n++) {
          int number = n;
          try {
            String etag = s3.uploadPart(b -> b.bucket("big").key("movie.bin").uploadId(uploadId).partNumber(number),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(part)).eTag();
            synchronized (done) {
              done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
          } catch (RuntimeException e) {
            return; // the server was killed under this part
          }
        }
      });
      RunningServer.await(Duration.ofSeconds(60), "3 acknowledged parts", () -> {
        synchronized (done) {
          return done.size() >= 3;
        }
      });
      first.kill();
      stop.set(true);
      uploader.join();
    }

    try (ServerProcess second = ServerProcess.start(data); var s3 = sdk(data)) {
      var listed = s3.listParts(b -> b.bucket("big").key("movie.bin").uploadId(uploadId)).parts();
      java.util.List<software.amazon.awssdk.services.s3.model.CompletedPart> acknowledged;
      synchronized (done) {
        acknowledged = new java.util.ArrayList<>(done);
      }
      for (var ack : acknowledged) {
        assertThat(listed).anySatisfy(p -> {
          assertThat(p.partNumber()).isEqualTo(ack.partNumber());
          assertThat(p.eTag()).isEqualTo(ack.eTag());
          assertThat(p.size()).isEqualTo((long) part.length);
        });
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.headObject(b -> b.bucket("big").key("movie.bin")))
          .as("an unfinished multipart upload is not an object").isInstanceOf(
              software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);

      s3.completeMultipartUpload(b -> b.bucket("big").key("movie.bin").uploadId(uploadId)
          .multipartUpload(m -> m.parts(acknowledged)));
      byte[] whole = s3.getObjectAsBytes(b -> b.bucket("big").key("movie.bin")).asByteArray();
      assertThat(whole.length).isEqualTo(acknowledged.size() * part.length);
      for (int i = 0; i < acknowledged.size(); i++) {
        assertThat(java.util.Arrays.equals(whole, i * part.length, (i + 1) * part.length, part, 0, part.length))
            .as("part %d", i + 1).isTrue();
      }
    }
  }

  private static software.amazon.awssdk.services.s3.S3Client sdk(Path data) throws IOException {
    JsonNode root = RunningServer.JSON.readTree(data.resolve("credentials.json").toFile()).get("root");
    URI s3 = URI.create(RunningServer.JSON.readTree(data.resolve(CumuloServer.SERVER_FILE).toFile()).get("s3Url").asText());
    return software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(s3)
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                root.get("accessKeyId").asText(), root.get("secretKey").asText())))
        .build();
  }

  private static Set<String> notified(Path records) {
    try {
      Set<String> keys = new HashSet<>();
      for (String line : Files.readAllLines(records)) {
        if (line.startsWith("ObjectCreated:Put ")) {
          keys.add(line.substring("ObjectCreated:Put ".length()));
        }
      }
      return keys;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
