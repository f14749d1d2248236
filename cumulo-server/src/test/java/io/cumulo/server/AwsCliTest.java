package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's aws CLI (v2) against the S3 API, as a user would run it. CI installs it (.ci/run); a
 * machine without /usr/bin/aws fails these tests rather than skipping them.
 */
@Timeout(180)
class AwsCliTest {
  private static final Path AWS = Path.of("/usr/bin/aws");

  @RegisterExtension final RunningServer server = new RunningServer();
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void requireTheCli() {
    assertThat(AWS).as("the aws CLI (apt-get install awscli) is needed for these tests").isExecutable();
  }

  private Run aws(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url",
        server.server().s3Uri().toString(), "--no-cli-pager"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", server.server().rootKey().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", server.server().rootKey().secretKey());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(150, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Run ok(String... args) throws IOException, InterruptedException {
    Run run = aws(args);
    assertThat(run.exitCode()).as("aws %s\n%s%s", String.join(" ", args), run.out(), run.err()).isZero();
    return run;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int read;
      while ((read = in.read(buffer)) > 0) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Test
  void copiesFilesUpAndDown_includingA100MibMultipartUpload() throws Exception {
    Path big = dir.resolve("big.bin");
    Random random = new Random(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int i = 0; i < 100; i++) {
        random.nextBytes(block);
        out.write(block);
      }
    }
    Files.writeString(dir.resolve("small.txt"), "hello from the aws cli\n");

    ok("s3", "mb", "s3://cli-bucket");
    ok("s3", "cp", "small.txt", "s3://cli-bucket/docs/small.txt");
    ok("s3", "cp", "big.bin", "s3://cli-bucket/data/big.bin");
    Run listing = ok("s3", "ls", "s3://cli-bucket/", "--recursive");
    ok("s3", "cp", "s3://cli-bucket/data/big.bin", "big-copy.bin");
    JsonNode head = RunningServer.JSON.readTree(
        ok("s3api", "head-object", "--bucket", "cli-bucket", "--key", "data/big.bin").out());

    assertThat(listing.out()).contains("docs/small.txt").contains("data/big.bin").contains("104857600");
    assertThat(sha256(dir.resolve("big-copy.bin"))).isEqualTo(sha256(big));
    assertThat(head.get("ContentLength").asLong()).isEqualTo(100L << 20);
    assertThat(head.get("ETag").asText()).matches("\"[0-9a-f]{32}-\\d+\"");
  }

  @Test
  void listsWithPrefixAndDelimiter_andDeletes() throws Exception {
    ok("s3", "mb", "s3://tree");
    Files.writeString(dir.resolve("f.txt"), "x");
    for (String key : List.of("a/1.txt", "a/2.txt", "a/b/3.txt", "c.txt")) {
      ok("s3", "cp", "f.txt", "s3://tree/" + key);
    }

    JsonNode top = RunningServer.JSON.readTree(ok("s3api", "list-objects-v2", "--bucket", "tree",
        "--delimiter", "/").out());
    JsonNode underA = RunningServer.JSON.readTree(ok("s3api", "list-objects-v2", "--bucket", "tree",
        "--prefix", "a/", "--delimiter", "/").out());
    ok("s3", "rm", "s3://tree/", "--recursive");
    Run after = ok("s3api", "list-objects-v2", "--bucket", "tree");
    ok("s3", "rb", "s3://tree");

    assertThat(top.get("Contents").get(0).get("Key").asText()).isEqualTo("c.txt");
    assertThat(top.get("CommonPrefixes").get(0).get("Prefix").asText()).isEqualTo("a/");
    assertThat(underA.get("Contents")).hasSize(2);
    assertThat(underA.get("CommonPrefixes").get(0).get("Prefix").asText()).isEqualTo("a/b/");
    assertThat(after.out()).doesNotContain("Contents\": [");
  }

  @Test
  void presignsAUrlThatAPlainHttpClientCanFetch_andRefusesAWrongSecret() throws Exception {
    ok("s3", "mb", "s3://shared");
    Files.writeString(dir.resolve("note.txt"), "shared note");
    ok("s3", "cp", "note.txt", "s3://shared/note.txt");

    String url = ok("s3", "presign", "s3://shared/note.txt", "--expires-in", "300").out().strip();
    HttpResponse<String> fetched = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> tampered = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url.replace("note.txt", "other.txt"))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo("shared note");
    assertThat(tampered.statusCode()).isEqualTo(403);
    assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");

    ProcessBuilder wrong = new ProcessBuilder(AWS.toString(), "--endpoint-url",
        server.server().s3Uri().toString(), "s3", "ls", "s3://shared");
    wrong.environment().put("AWS_ACCESS_KEY_ID", server.server().rootKey().accessKeyId());
    wrong.environment().put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    wrong.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    wrong.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    Process process = wrong.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isNotZero();
    assertThat(output).contains("SignatureDoesNotMatch");
  }
}
