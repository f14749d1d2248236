package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CumuloCliTest {
  @TempDir Path dir;

  /** A URL where nothing listens: a port that was just bound and released. */
  private static String closedServerUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static CliRun run(String... args) {
    return CliRun.run(Map.of(), args);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "deploy", "invoke", "logs", "ls", "dlq", "dlq ls", "dlq replay", "invocation"})
  void printsUsage_whenHelpIsAsked(String command) {
    String[] args = (command + " --help").strip().split(" ");
    CliRun result = run(args);
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: cumulo " + command).contains("--server=URL");
    assertThat(result.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "ls --version", "dlq replay --version"})
  void printsVersion_whenVersionIsAsked(String args) {
    CliRun result = run(args.split(" "));
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("cumulo ");
  }

  @Test
  void namesTheCommands_whenNoneIsGiven() {
    CliRun result = run();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLine())
        .isEqualTo(
            "cumulo: missing a command: one of up, server, deploy, invoke, logs, ls, dlq, keys, invocation, presign, workflow"
                + " (see cumulo --help)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "invoke hello",
        "invoke Hello/echo",
        "invoke hello/echo/x",
        "invoke /echo",
        "logs hello/",
        "dlq ls hello",
        "dlq replay hello --all"
      })
  void failsWithUsageError_whenFunctionIsNotAppSlashFn(String args) {
    CliRun result = run(args.split(" "));
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLine())
        .startsWith("cumulo: ")
        .contains("expected APP/FN such as hello/echo");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "deploy",
        "invoke",
        "invoke hello/echo --data {oops",
        "invoke hello/echo --data {}{}",
        "invoke hello/echo --data @/no/such/file",
        "logs hello/echo --since yesterday",
        "logs hello/echo --limit 0",
        "dlq replay hello/echo",
        "dlq replay hello/echo --all --id e1",
        "ls --frobnicate", "dlq",
        "frobnicate",
        "invocation a/b"
      })
  void printsOneLineAndExits2_whenUsageIsWrong(String args) {
    CliRun result = run(args.split(" "));
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLine()).startsWith("cumulo: ").doesNotContain("Exception");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void saysSoAndExits1_whenDeployDirHasNoManifest() {
    CliRun result = run("deploy", dir.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLine())
        .isEqualTo("cumulo: no cumulo.yaml in " + dir + "; an app folder needs a manifest");
  }

  @Test
  void saysSoAndExits1_whenDeployDirDoesNotExist() {
    CliRun result = run("deploy", dir.resolve("missing").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLine()).isEqualTo("cumulo: no such directory: " + dir.resolve("missing"));
  }

  @Test
  void refusesBeforeContactingServer_whenJarPathEscapesDir() throws IOException {
    Files.writeString(dir.resolve("cumulo.yaml"), "functions:\n  echo:\n    jar: ../../x.jar\n");
    CliRun result = run("deploy", dir.toString(), "--server", closedServerUrl());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLine()).contains("is outside the app folder");
  }

  @Test
  void hintsToBuild_whenDeployedJarDoesNotExist() throws IOException {
    Files.writeString(
        dir.resolve("cumulo.yaml"), "functions:\n  echo:\n    jar: target/hello.jar\n");
    CliRun result = run("deploy", dir.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLine()).endsWith("does not exist; build it first: ./mvnw package");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ls",
        "invoke hello/echo",
        "invoke hello/echo --async --data @-",
        "logs hello/echo -f",
        "dlq ls hello/echo",
        "dlq replay hello/echo --id e1 e2",
        "invocation 0193-abc"
      })
  void saysServerIsUnreachable_whenNothingListens(String args) throws IOException {
    String url = closedServerUrl();
    CliRun result = CliRun.runWithStdin(Map.of("CUMULO_URL", url), "{}", args.split(" "));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLine())
        .isEqualTo(
            "cumulo: cannot reach the server at "
                + url
                + " (connection refused); is it running? start it with ./cumulo up");
  }

  @Test
  void deploysToServerFromServerFile_whenDataIsGivenAfterTheSubcommand() throws IOException {
    String url = closedServerUrl();
    Files.writeString(dir.resolve("server.json"), "{\"url\":\"" + url + "\"}");
    assertThat(run("ls", "--data", dir.toString()).errLine()).contains(url);
    assertThat(run("--data", dir.toString(), "ls").errLine()).contains(url);
    assertThat(run("--data", dir.toString(), "invoke", "hello/echo", "--data", "{}").errLine())
        .contains(url);
    assertThat(run("--data", dir.toString(), "dlq", "ls", "hello/echo").errLine()).contains(url);
  }

  @Test
  void prefersServerFlag_whenEnvAlsoGivesAUrl() throws IOException {
    String url = closedServerUrl();
    CliRun result = CliRun.run(Map.of("CUMULO_URL", "http://127.0.0.1:1"), "ls", "--server", url);
    assertThat(result.errLine()).contains(url);
  }

  @Test
  void printsStackTrace_onlyWhenDebugIsOn() throws IOException {
    String url = closedServerUrl();
    CliRun quiet = CliRun.run(Map.of("CUMULO_URL", url), "ls");
    CliRun debug = CliRun.run(Map.of("CUMULO_URL", url, "CUMULO_DEBUG", "1"), "ls");
    assertThat(quiet.err()).doesNotContain("\tat ");
    assertThat(debug.err()).contains("\tat ").contains("cumulo: cannot reach the server");
  }
}
