package io.cumulo.storage.fs;

import io.cumulo.core.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.SplittableRandom;

/** Run in a child JVM by the crash test: puts objects forever, printing each key once its put returned. */
public final class CrashingWriter {
  private CrashingWriter() {}

  static byte[] contentOf(int i) {
    byte[] bytes = new byte[new SplittableRandom(i).nextInt(1, 300_000)];
    new SplittableRandom(i).nextBytes(bytes);
    return bytes;
  }

  public static void main(String[] args) {
    FilesystemObjectStore store = FilesystemObjectStore.open(Path.of(args[0]), InstantSource.system());
    store.createBucket("crash");
    for (int i = 0; ; i++) {
      byte[] data = contentOf(i);
      // Every tenth put overwrites an earlier key, so a kill can also land in a replacement.
      String key = "k" + (i % 10 == 9 ? i - 5 : i);
      store.put("crash", key, new ByteArrayInputStream(data), data.length, new PutOptions(null, Map.of("i", "" + i), null, Map.of(), false));
      System.out.println(key + " " + i);
      System.out.flush();
    }
  }
}
