package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.server.CumuloServer;
import io.cumulo.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code cumulo keys} against a real server. */
@Timeout(60)
class KeysCommandTest {
  private static final Path FUNCTIONS_JAR = Path.of(System.getProperty("cumulo.testFunctionsJar",
      "../testing/functions/target/test-functions.jar"));

  @TempDir Path dir;

  @Test
  void createsListsAndRevokesKeys() throws Exception {
    try (CumuloServer server = CumuloServer.start(ServerConfig.of(dir.resolve("data"), 0, 0))) {
      Map<String, String> env = Map.of("CUMULO_DATA", server.dataDir().toString());
      Path app = Files.createDirectory(dir.resolve("keyed"));
      Files.copy(FUNCTIONS_JAR, app.resolve("functions.jar"), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(app.resolve("cumulo.yaml"), """
          name: keyed
          functions:
            echo: {handler: io.cumulo.testing.functions.HttpEcho, jar: functions.jar}
          routes:
            - {path: /hi, function: echo, auth: apiKey}
          """);
      assertThat(CliRun.run(env, "deploy", app.toString()).exitCode()).isZero();

      CliRun created = CliRun.run(env, "keys", "create", "keyed", "--name", "mobile app");
      CliRun listed = CliRun.run(env, "keys", "ls", "keyed");
      String id = listed.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
      CliRun revoked = CliRun.run(env, "keys", "revoke", "keyed", id);
      CliRun again = CliRun.run(env, "keys", "revoke", "keyed", id);
      CliRun noApp = CliRun.run(env, "keys", "ls", "nope");

      assertThat(created.exitCode()).as(created.err()).isZero();
      assertThat(created.out().strip()).startsWith("ck_");
      assertThat(created.err()).contains("cannot be shown again");
      assertThat(listed.out()).contains("mobile app").doesNotContain(created.out().strip());
      assertThat(revoked.out()).contains("revoked " + id);
      assertThat(again.exitCode()).isNotZero();
      assertThat(again.err()).startsWith("cumulo: ").contains("has no key");
      assertThat(noApp.exitCode()).isNotZero();
      assertThat(CliRun.run(env, "keys", "ls", "keyed").out()).contains("no keys for keyed");
    }
  }
}
