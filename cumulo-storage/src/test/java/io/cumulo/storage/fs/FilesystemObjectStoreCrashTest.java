package io.cumulo.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.core.storage.ObjectContent;
import io.cumulo.core.storage.ObjectInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemObjectStoreCrashTest {
  @TempDir Path root;

  @Test
  void keepsEveryAcknowledgedObjectIntact_whenWriterIsKilled() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), root.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Map<String, Integer> acked = new HashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < 200 && (line = out.readLine()) != null) {
        String[] keyAndIndex = line.split(" ");
        acked.put(keyAndIndex[0], Integer.parseInt(keyAndIndex[1]));
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).hasSize(200);

    FilesystemObjectStore store = FilesystemObjectStore.open(root, InstantSource.system());

    for (ObjectInfo listed : store.list("crash", "", null, null, 1000).objects()) {
      // Whatever is visible is a complete object: its bytes are those of the put named in its metadata.
      int i = Integer.parseInt(listed.userMetadata().get("i"));
      Integer ackedIndex = acked.get(listed.key());
      if (ackedIndex != null) {
        assertThat(i).isGreaterThanOrEqualTo(ackedIndex);
      }
      byte[] expected = CrashingWriter.contentOf(i);
      try (ObjectContent content = store.get("crash", listed.key(), null)) {
        assertThat(content.stream().readAllBytes()).isEqualTo(expected);
        assertThat(content.info().etag())
            .isEqualTo('"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(expected)) + '"');
      }
    }
    assertThat(store.list("crash", "", null, null, 1000).objects()).extracting(ObjectInfo::key).containsAll(acked.keySet());
  }
}
