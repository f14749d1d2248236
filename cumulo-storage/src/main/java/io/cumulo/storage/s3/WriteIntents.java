package io.cumulo.storage.s3;

import io.cumulo.core.storage.ObjectEventSink;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the window between an object's commit and its {@code ObjectCreated} event: before a
 * write commits, a durable intent (bucket and key) is recorded; once the event is appended, the
 * intent is removed. A crash in between leaves the intent, and at the next start {@link #recover}
 * announces every object an intent names that exists, so no committed object goes unannounced
 * (a write that never committed announces nothing; one announced twice is within at-least-once).
 */
final class WriteIntents {
  private static final Logger log = LoggerFactory.getLogger(WriteIntents.class);

  /** One write in progress; closing it forgets the intent (the write failed or was announced). */
  interface Intent extends AutoCloseable {
    @Override
    void close();
  }

  private static final Intent NONE = () -> {};

  private final Path dir;

  /** @param dir where intents are kept, or null for none (a server with no event subscribers) */
  WriteIntents(Path dir) {
    this.dir = dir;
    if (dir != null) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir, e);
      }
    }
  }

  /** Records, durably, that {@code bucket/key} is about to be written. */
  Intent begin(String bucket, String key) {
    if (dir == null) {
      return NONE;
    }
    Path file = dir.resolve(UUID.randomUUID() + ".intent");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap((bucket + "\n" + key).getBytes(StandardCharsets.UTF_8)));
      out.force(true);
      // The intent must outlive a crash before the object's rename: make its name durable too.
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      // Nothing was written yet: the client learns the write did not happen, and why when it can act.
      StorageException error = StorageException.writeFailed(e);
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A torn intent is skipped at recovery.
      }
      throw error;
    }
    return () -> {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("could not remove write intent {}; the object may be announced again at restart", file, e);
      }
    };
  }

  /** Announces the objects of intents left by a crash, then removes the intents. */
  void recover(ObjectStore store, ObjectEventSink events) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".intent")).toList()) {
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).split("\n", 2);
        // A torn intent file was written before its object's commit: nothing to announce.
        if (parts.length == 2) {
          Optional<ObjectInfo> object = store.head(parts[0], parts[1]);
          if (object.isPresent()) {
            events.objectCreated(object.get(), "ObjectCreated:Put", "recovered-" + file.getFileName());
            log.info("announced {}/{}, whose write was cut before its event", parts[0], parts[1]);
          }
        }
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover the write intents in " + dir, e);
    }
  }
}
