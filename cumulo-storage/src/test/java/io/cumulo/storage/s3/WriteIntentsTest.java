package io.cumulo.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.PutOptions;
import io.cumulo.storage.fs.FilesystemObjectStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write cut between its commit and its event is announced at the next start, and only then. */
class WriteIntentsTest {
  @TempDir Path dir;

  private final List<String> announced = new ArrayList<>();
  private final ObjectEventSink sink = new ObjectEventSink() {
    @Override
    public void objectCreated(ObjectInfo object, String eventName, String requestId) {
      announced.add(eventName + " " + object.bucket() + "/" + object.key() + " " + object.etag());
    }

    @Override
    public void objectRemoved(String bucket, String key, String eventName, String requestId) {}
  };

  @Test
  void announcesACommittedObject_whoseEventACrashCut() throws Exception {
    try (FilesystemObjectStore store = FilesystemObjectStore.open(dir.resolve("objects"), InstantSource.system())) {
      store.createBucket("photos");
      WriteIntents intents = new WriteIntents(dir.resolve("intents"));
      intents.begin("photos", "a b.jpg"); // never closed: the crash came after the commit below
      ObjectInfo info = store.put("photos", "a b.jpg", new ByteArrayInputStream("jpeg".getBytes(StandardCharsets.UTF_8)),
          4, PutOptions.contentType("image/jpeg"));
      intents.begin("photos", "never-committed.jpg"); // the crash came before this one's commit
      Files.writeString(dir.resolve("intents").resolve("torn.intent"), "photos"); // cut while written

      new WriteIntents(dir.resolve("intents")).recover(store, sink);

      assertThat(announced).containsExactly("ObjectCreated:Put photos/a b.jpg " + info.etag());
      try (var left = Files.list(dir.resolve("intents"))) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void leavesNothing_whenTheWriteEndsNormally() throws Exception {
    WriteIntents intents = new WriteIntents(dir.resolve("intents"));
    try (WriteIntents.Intent intent = intents.begin("photos", "a.jpg")) {
      assertThat(Files.list(dir.resolve("intents")).count()).isEqualTo(1);
    }
    try (var left = Files.list(dir.resolve("intents"))) {
      assertThat(left).isEmpty();
    }
  }
}
