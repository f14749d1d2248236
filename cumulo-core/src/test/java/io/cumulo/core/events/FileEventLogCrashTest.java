package io.cumulo.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process that is appending (SIGKILL) and checks that every acknowledged event stayed. */
@Timeout(60)
class FileEventLogCrashTest {

  private static final int ACKS_BEFORE_KILL = 2000;

  @TempDir Path dir;

  @Test
  void keepsEveryAcknowledgedEvent_whenAppenderProcessIsKilled() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp",
        System.getProperty("java.class.path"), CrashingAppender.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(line.substring(4));
        }
      }
      // Kill mid-stream: appends are in flight and a batch may be half-written.
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    try (FileEventLog log = FileEventLog.open(dir, FileEventLogConfig.defaults(),
        InstantSource.system())) {
      assertThat(acknowledged).allMatch(log::isPending);
    }
  }
}
