package io.cumulo.server.faults;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.server.RunningServer;
import io.cumulo.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function that starts non-daemon threads which never end. While a version is deployed nothing
 * bounds them (a shared JVM cannot refuse {@code new Thread}); when it is retired, its leftover
 * threads are interrupted, and the ones that ignore interrupts are reported in the server log.
 */
@Timeout(60)
class ThreadLeakTest {
  private static final String APP = manifest("threads", function("leak", "LeakThreads"), function("probe", "JvmProbe"));

  @Test
  void interruptsTheThreadsARetiredVersionLeft_andLogsTheOnesThatIgnoreIt(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    try (ServerProcess server = ServerProcess.start(data)) {
      ChildAdmin admin = new ChildAdmin(server);
      admin.deploy(APP);
      int before = admin.probe("threads/probe").get("liveThreads").asInt();

      for (int call = 0; call < 5; call++) {
        assertThat(admin.invoke("threads/leak", "{\"threads\":2}").statusCode()).isEqualTo(200);
      }
      assertThat(admin.probe("threads/probe").get("liveThreads").asInt())
          .as("each call's threads stay alive while the version is deployed").isGreaterThanOrEqualTo(before + 10);

      admin.deploy(APP);
      RunningServer.await(Duration.ofSeconds(15), "the retired version's threads to end",
          () -> admin.probe("threads/probe").get("liveThreads").asInt() <= before + 1);

      assertThat(admin.invoke("threads/leak", "{\"threads\":3,\"ignoreInterrupts\":true}").statusCode())
          .isEqualTo(200);
      admin.deploy(APP);
      Path log = data.resolveSibling(data.getFileName() + "-server.out");
      RunningServer.await(Duration.ofSeconds(15), "the warning about threads that ignore interrupts",
          () -> readQuietly(log).contains("threads/leak v2 left 3 threads running after it was retired"));
      assertThat(admin.probe("threads/probe").get("liveThreads").asInt())
          .as("threads that ignore interrupts cannot be stopped in a shared JVM").isGreaterThanOrEqualTo(before + 3);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
