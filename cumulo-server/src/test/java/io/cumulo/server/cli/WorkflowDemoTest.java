package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.server.CumuloServer;
import io.cumulo.server.ServerConfig;
import io.cumulo.storage.auth.AccessKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** examples/workflow-demo as its cumulo.yaml describes it: upload, then find the row the workflow wrote. */
class WorkflowDemoTest {
  private static final Path EXAMPLE = Path.of(System.getProperty("cumulo.examplesDir", "../examples"))
      .toAbsolutePath().normalize().resolve("workflow-demo");

  @TempDir Path dir;
  private CumuloServer server;

  @BeforeEach
  void startServer() {
    server = CumuloServer.start(ServerConfig.of(dir.resolve("data"), 0, 0));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private Optional<String> awaitRow(String key) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Optional<String> row = Optional.empty();
    while (System.nanoTime() < deadline && row.isEmpty()) {
      Thread.sleep(50);
      row = server.platform().tables().get("workflow-demo", "uploads", key);
    }
    return row;
  }

  @Test
  void recordsEachUpload_andMarksAnEmptyOneFailed() throws Exception {
    CliRun deployed = CliRun.run(Map.of("CUMULO_DATA", server.dataDir().toString()), "deploy", EXAMPLE.toString());
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    AccessKey root = server.rootKey();
    try (S3Client s3 = S3Client.builder().endpointOverride(server.s3Uri()).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(root.accessKeyId(), root.secretKey()))).build()) {
      s3.putObject(b -> b.bucket("inbox").key("notes/hello world.txt").contentType("text/plain"),
          RequestBody.fromString("hello\n"));
      s3.putObject(b -> b.bucket("inbox").key("empty.txt"), RequestBody.empty());
    }

    assertThat(awaitRow("inbox/notes/hello world.txt")).hasValueSatisfying(row -> assertThat(row)
        .contains("\"status\":\"done\"", "\"size\":6", "\"contentType\":\"text/plain\"",
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"));
    assertThat(awaitRow("inbox/empty.txt")).hasValueSatisfying(row -> assertThat(row)
        .contains("\"status\":\"failed\"", "EmptyUpload"));
  }
}
