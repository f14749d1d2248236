package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.server.CumuloServer;
import io.cumulo.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI against a real server: README's tour, command by command. */
@Timeout(60)
class CliEndToEndTest {
  private static final Path EXAMPLES = Path.of(System.getProperty("cumulo.examplesDir", "../examples"));
  private static final Path FUNCTIONS_JAR = Path.of(System.getProperty("cumulo.testFunctionsJar",
      "../testing/functions/target/test-functions.jar"));

  @TempDir Path dir;
  private CumuloServer server;
  private Map<String, String> env;

  @BeforeEach
  void startServer() {
    server = CumuloServer.start(ServerConfig.of(dir.resolve("data"), 0, 0)
        .withRetryDelays(Duration.ofMillis(10), Duration.ofMillis(50)));
    env = Map.of("CUMULO_DATA", server.dataDir().toString());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private CliRun cumulo(String... args) {
    return CliRun.run(env, args);
  }

  /** A run on the real clock, for commands whose output must be valid now (presigned URLs). */
  private CliRun cumuloNow(String... args) {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    int code = CumuloCli.commandLine(new CumuloCli(env, java.time.InstantSource.system(),
            java.io.InputStream.nullInputStream()))
        .setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true)).execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  private void awaitOutput(String what, String expected, String... args) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    CliRun last = cumulo(args);
    while (!last.out().contains(expected)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; last output:\n" + last.out() + last.err());
      }
      Thread.sleep(50);
      last = cumulo(args);
    }
  }

  @Test
  void runsTheReadmeTour_deployInvokeLogsAndLs() throws Exception {
    CliRun deployed = cumulo("deploy", EXAMPLES.resolve("hello").toString());
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    assertThat(deployed.out()).contains("deployed hello v1").contains("echo").contains("tick");

    CliRun sync = cumulo("invoke", "hello/echo", "--data", "{\"msg\":\"hi\"}");
    assertThat(sync.exitCode()).as(sync.err()).isZero();
    assertThat(sync.out()).contains("\"msg\":\"hi\"");

    CliRun async = cumulo("invoke", "hello/echo", "--data", "{\"msg\":\"later\"}", "--async");
    assertThat(async.exitCode()).as(async.err()).isZero();
    String id = async.out().strip();
    assertThat(id).matches("[0-9a-f-]{36}");
    awaitOutput("the async invocation to succeed", "succeeded", "invocation", id);

    CliRun logs = cumulo("logs", "hello/echo");
    assertThat(logs.out()).contains("echo {msg=hi}").contains(id + " INFO echo {msg=later}");

    CliRun ls = cumulo("ls");
    assertThat(ls.exitCode()).isZero();
    assertThat(ls.out()).contains("hello").contains("echo").contains("tick");
  }

  @Test
  void listsAndReplaysDeadLetters() throws Exception {
    Path app = Files.createDirectory(dir.resolve("failing"));
    Files.copy(FUNCTIONS_JAR, app.resolve("functions.jar"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(app.resolve("cumulo.yaml"), """
        name: failing
        functions:
          fail:
            handler: io.cumulo.testing.functions.Fail
            jar: functions.jar
            maxAttempts: 2
        """);
    assertThat(cumulo("deploy", app.toString()).exitCode()).isZero();
    String id = cumulo("invoke", "failing/fail", "--async").out().strip();

    awaitOutput("a dead letter", id, "dlq", "ls", "failing/fail");
    CliRun replay = cumulo("dlq", "replay", "failing/fail", "--all");

    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("replayed 1 event(s)");
  }

  @Test
  void presignsUrlsThatUploadAndDownloadWithoutCredentials() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    io.cumulo.storage.auth.AccessKey root = server.rootKey();
    try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(server.s3Uri()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(root.accessKeyId(), root.secretKey())))
        .build()) {
      s3.createBucket(b -> b.bucket("drop"));
    }

    CliRun putUrl = cumuloNow("presign", "drop/hello world.txt", "--put", "--expires", "5m");
    assertThat(putUrl.exitCode()).as(putUrl.err()).isZero();
    var put = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(putUrl.out().strip()))
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("from curl")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    CliRun getUrl = cumuloNow("presign", "drop/hello world.txt");
    var get = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(getUrl.out().strip())).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("from curl");
    assertThat(cumulo("presign", "drop/x", "--expires", "8d").exitCode()).isEqualTo(2);
    assertThat(cumulo("presign", "no-key").exitCode()).isEqualTo(2);
  }

  @Test
  void printsOneReadableLine_whenTheServerRefuses() throws IOException {
    Path bad = Files.createDirectory(dir.resolve("bad"));
    Files.copy(FUNCTIONS_JAR, bad.resolve("functions.jar"));
    Files.writeString(bad.resolve("cumulo.yaml"), """
        name: bad
        functions:
          echo:
            handler: io.cumulo.testing.functions.Echo
            jar: functions.jar
            memory: 5
        """);

    CliRun deploy = cumulo("deploy", bad.toString());
    CliRun missing = cumulo("invoke", "nope/echo");

    assertThat(deploy.exitCode()).isEqualTo(1);
    assertThat(deploy.err()).contains("cumulo.yaml:6:").contains("memory").contains("64..10240");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.errLine()).isEqualTo(
        "cumulo: nope/echo failed (FunctionNotFound): no function nope/echo is deployed");
  }
}
