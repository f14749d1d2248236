package io.cumulo.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs in a child JVM: writes documents from several threads, prints "done" once every write has
 * returned, and dies on the spot, closing nothing, as a killed server would.
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  /** Arguments: the search directory and the number of documents to write. */
  public static void main(String[] args) throws Exception {
    var search = LuceneSearchIndex.open(Path.of(args[0]));
    int count = Integer.parseInt(args[1]);
    var writes = new ArrayList<Future<?>>();
    try (var threads = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < count; i++) {
        String id = "doc-" + i;
        writes.add(threads.submit(() ->
            search.upsert("photos", "pics", id, Map.of("title", "crash test " + id))));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    }
    search.delete("photos", "pics", "doc-0");
    System.out.println("done");
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
