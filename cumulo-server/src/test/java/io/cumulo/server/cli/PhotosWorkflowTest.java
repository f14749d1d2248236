package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.core.workflows.ExecutionRecord;
import io.cumulo.core.workflows.HistoryEntry;
import io.cumulo.server.CumuloServer;
import io.cumulo.server.ServerConfig;
import io.cumulo.storage.auth.AccessKey;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * examples/photos-workflow as its cumulo.yaml describes it: upload a real photo and a truncated
 * one, then check the executions, the photos table and every derivative the workflow wrote.
 */
class PhotosWorkflowTest {
  private static final Path EXAMPLE = Path.of(System.getProperty("cumulo.examplesDir", "../examples"))
      .toAbsolutePath().normalize().resolve("photos-workflow");
  /** Sample photos of python3-skimage: a 1411x1411 JPEG photograph and a JPEG cut off after 400 bytes. */
  private static final Path SAMPLES = Path.of("/usr/lib/python3/dist-packages/skimage/data");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private CumuloServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** With libvips (when installed; it also writes WebP) and with the pure-Java engine (JPEG only). */
  @ParameterizedTest(name = "image engine {0}")
  @ValueSource(strings = {"auto", "java"})
  void rendersAndRecordsAGoodPhoto_andMarksATruncatedOneFailed(String imageEngine) throws Exception {
    Path photo = SAMPLES.resolve("retina.jpg");
    Path truncated = SAMPLES.resolve("truncated.jpg");
    Assumptions.assumeTrue(Files.isReadable(photo) && Files.isReadable(truncated),
        "the sample photos come with python3-skimage");
    ServerConfig config = ServerConfig.of(dir.resolve("data"), 0, 0);
    server = CumuloServer.start(config.withImages(config.imageLimits(), imageEngine));
    CliRun deployed = CliRun.run(Map.of("CUMULO_DATA", server.dataDir().toString()), "deploy", EXAMPLE.toString());
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();

    AccessKey root = server.rootKey();
    try (S3Client s3 = S3Client.builder().endpointOverride(server.s3Uri()).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(root.accessKeyId(), root.secretKey()))).build()) {
      s3.putObject(b -> b.bucket("photos-flow-uploads").key("trips/eye exam.jpg").contentType("image/jpeg"),
          RequestBody.fromFile(photo));
      s3.putObject(b -> b.bucket("photos-flow-uploads").key("broken.jpg").contentType("image/jpeg"),
          RequestBody.fromFile(truncated));

      List<ExecutionRecord> ended = awaitExecutions(2);
      ExecutionRecord good = byKey(ended, "eye");
      ExecutionRecord bad = byKey(ended, "broken");
      assertThat(good.status()).as(good.error() + ": " + good.cause()).isEqualTo(ExecutionRecord.SUCCEEDED);
      assertThat(bad.status()).isEqualTo(ExecutionRecord.FAILED);
      assertThat(bad.error()).isEqualTo("PhotoFailed");

      JsonNode ready = row("trips/eye exam.jpg");
      assertThat(ready.path("key").asText()).isEqualTo("trips/eye exam.jpg");
      assertThat(ready.path("status").asText()).isEqualTo("ready");
      assertThat(ready.path("filters").properties()).extracting(Map.Entry::getKey)
          .containsExactly("grayscale", "sepia", "vivid");
      List<String> sizes = new ArrayList<>();
      ready.path("sizes").properties().forEach(size -> sizes.add(size.getKey()));
      assertThat(sizes).contains("256.jpg", "512.jpg", "1024.jpg");
      assertThat(sizes).allMatch(name -> name.matches("(256|512|1024)\\.(jpg|webp)"));
      for (Map.Entry<String, JsonNode> size : ready.path("sizes").properties()) {
        int sizePx = Integer.parseInt(size.getKey().substring(0, size.getKey().indexOf('.')));
        String key = size.getValue().asText();
        assertThat(key).isEqualTo("trips/eye exam.jpg/" + size.getKey());
        assertThat(longestSide(s3, key)).as(key).isEqualTo(sizePx);
      }
      for (Map.Entry<String, JsonNode> filter : ready.path("filters").properties()) {
        String key = filter.getValue().asText();
        assertThat(key).isEqualTo("trips/eye exam.jpg/filters/" + filter.getKey() + ".jpg");
        assertThat(longestSide(s3, key)).as(key).isEqualTo(1024);
      }
    }

    JsonNode failed = row("broken.jpg");
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("error").asText()).isEqualTo("InvalidImage");
    // The engine's reason, whichever engine it is (libvips names the JPEG library's complaint).
    assertThat(failed.path("cause").asText()).matches("(?s).*broken\\.jpg: \\S.{10,}");

    List<HistoryEntry> goodHistory = server.platform().workflows().history(byKey(awaitExecutions(2), "eye").id(), 0, 1000);
    assertThat(entered(goodHistory)).contains("Describe", "Render", "Thumbnails", "Filters", "Record", "Ready")
        .doesNotContain("MarkFailed");
    List<HistoryEntry> badHistory = server.platform().workflows().history(byKey(awaitExecutions(2), "broken").id(), 0, 1000);
    assertThat(entered(badHistory)).contains("Render", "Thumbnails", "Filters", "MarkFailed", "Failed")
        .doesNotContain("Record");
    // InvalidImage is not retried: each branch ran its task once at most.
    assertThat(badHistory).filteredOn(e -> e.type().equals("TaskScheduled")
        && (e.state().equals("Thumbnails") || e.state().equals("Filters"))).hasSizeBetween(1, 2);
    assertThat(badHistory).filteredOn(e -> e.type().equals("StateRetryScheduled")).isEmpty();
    // Both branches ran in the Parallel and failed there; the Catch turned Render's failure into
    // its output at $.error and went on to MarkFailed.
    assertThat(badHistory).filteredOn(e -> e.type().equals("StateFailed")
            && (e.state().equals("Thumbnails") || e.state().equals("Filters")))
        .extracting(e -> JSON.readTree(e.detail()).path("position").asText())
        .allMatch(position -> position.startsWith("/Render#"))
        .hasSizeBetween(1, 2);
    HistoryEntry caught = badHistory.stream()
        .filter(e -> e.type().equals("StateExited") && e.state().equals("Render")).findFirst().orElseThrow();
    assertThat(JSON.readTree(caught.detail()).path("output").path("error").path("Error").asText())
        .isEqualTo("InvalidImage");
    assertThat(badHistory.get(badHistory.indexOf(caught) + 1).state()).isEqualTo("MarkFailed");
  }

  private List<ExecutionRecord> awaitExecutions(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<ExecutionRecord> executions = List.of();
    while (System.nanoTime() < deadline) {
      executions = server.platform().workflows().list("photos-flow", "pipeline", null, 10);
      if (executions.size() == count && executions.stream().allMatch(ExecutionRecord::finished)) {
        return executions;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the executions did not end within 30 s: " + executions);
  }

  private static ExecutionRecord byKey(List<ExecutionRecord> executions, String keyPart) {
    return executions.stream().filter(e -> e.input().contains(keyPart)).findFirst()
        .orElseThrow(() -> new AssertionError("no execution for " + keyPart + " in " + executions));
  }

  private JsonNode row(String key) throws IOException {
    String row = server.platform().tables().get("photos-flow", "photos", key)
        .orElseThrow(() -> new AssertionError("no row for " + key));
    return JSON.readTree(row);
  }

  private static List<String> entered(List<HistoryEntry> history) {
    return history.stream().filter(e -> e.type().equals("StateEntered")).map(HistoryEntry::state).toList();
  }

  /** Downloads a derivative and decodes it fully (WebP through dwebp), answering its longest side in pixels. */
  private int longestSide(S3Client s3, String key) throws IOException, InterruptedException {
    byte[] bytes = s3.getObjectAsBytes(b -> b.bucket("photos-flow-derived").key(key)).asByteArray();
    if (key.endsWith(".webp")) {
      Path webp = Files.write(dir.resolve("derivative.webp"), bytes);
      Path png = dir.resolve("derivative.png");
      Process dwebp = new ProcessBuilder("dwebp", "-quiet", webp.toString(), "-o", png.toString())
          .redirectErrorStream(true).start();
      assertThat(dwebp.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(dwebp.exitValue()).as(key + " decodes: " + new String(dwebp.getInputStream().readAllBytes())).isZero();
      bytes = Files.readAllBytes(png);
    }
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(image).as(key + " decodes").isNotNull();
    return Math.max(image.getWidth(), image.getHeight());
  }
}
