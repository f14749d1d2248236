package io.cumulo.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cumulo.api.search.SearchHit;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LuceneSearchIndexDurabilityTest {
  @TempDir Path dir;

  private Path indexDir() {
    return dir.resolve("photos").resolve("pics");
  }

  private static Set<String> ids(LuceneSearchIndex search, String query) {
    return search.search("photos", "pics", query, 1000).stream().map(SearchHit::id)
        .collect(Collectors.toSet());
  }

  @Test
  void findsDocuments_afterReopeningTheDirectory() {
    try (var search = LuceneSearchIndex.open(dir)) {
      search.upsert("photos", "pics", "p1", Map.of("title", "harbour at dawn"));
      search.upsert("photos", "pics", "p2", Map.of("title", "harbour at dusk"));
      search.delete("photos", "pics", "p2");
    }

    try (var search = LuceneSearchIndex.open(dir)) {
      assertThat(search.search("photos", "pics", "harbour", 10)).singleElement().satisfies(hit -> {
        assertThat(hit.id()).isEqualTo("p1");
        assertThat(hit.fields()).containsEntry("title", "harbour at dawn");
      });
    }
    assertThat(indexDir().resolve(WriteLog.FILE_NAME)).isEmptyFile();
  }

  @Test
  @Timeout(120)
  void findsEveryAcknowledgedWrite_whenTheProcessDiesWithoutClosing() throws Exception {
    int count = 200;
    String output = runCrashingWriter(count);
    assertThat(output).contains("done");
    Path log = indexDir().resolve(WriteLog.FILE_NAME);
    assertThat(Files.size(log)).as("the writes are only in the log: Lucene never committed them")
        .isPositive();
    // A crash in the middle of an append leaves part of a record behind.
    Files.write(log, new byte[] {0, 0, 1, 0, 42, 7, 7}, StandardOpenOption.APPEND);

    var expected = IntStream.range(1, count).mapToObj(i -> "doc-" + i).collect(Collectors.toSet());
    try (var search = LuceneSearchIndex.open(dir)) {
      assertThat(ids(search, "crash test")).isEqualTo(expected);
      search.upsert("photos", "pics", "after", Map.of("title", "crash again"));
    }
    try (var search = LuceneSearchIndex.open(dir)) {
      assertThat(ids(search, "crash")).hasSize(count).contains("after");
    }
  }

  private String runCrashingWriter(int count) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    var process = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
        dir.toString(), Integer.toString(count))
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void failsNamingTheIndex_whenASegmentFileIsTruncated() throws Exception {
    try (var search = LuceneSearchIndex.open(dir)) {
      for (int i = 0; i < 5; i++) {
        search.upsert("photos", "pics", "p" + i, Map.of("title", "lighthouse " + i));
      }
    }
    Path segment;
    try (var files = Files.list(indexDir())) {
      segment = files.filter(file -> file.getFileName().toString().endsWith(".cfs"))
          .max(Comparator.comparingLong(file -> file.toFile().length()))
          .orElseThrow();
    }
    try (var channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2);
    }

    try (var search = LuceneSearchIndex.open(dir)) {
      assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
          assertThatThrownBy(() -> search.search("photos", "pics", "lighthouse", 10))
              .isInstanceOf(UncheckedIOException.class)
              .hasMessageStartingWith("search index " + indexDir() + " cannot be opened (corrupt")
              .hasMessageContaining("restore the directory from a backup"));
      assertThat(search.search("photos", "other", "lighthouse", 10))
          .as("other indexes stay usable").isEmpty();
    }
  }

  @Test
  void refusesAnIndexThatAnotherInstanceHasOpen() {
    try (var first = LuceneSearchIndex.open(dir); var second = LuceneSearchIndex.open(dir)) {
      first.upsert("photos", "pics", "p1", Map.of("title", "owned"));

      assertThatThrownBy(() -> second.search("photos", "pics", "owned", 10))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("search index " + indexDir() + " is in use by another process")
          .hasMessageEndingWith("stop the other server that uses this data directory");
      assertThat(first.search("photos", "pics", "owned", 10)).hasSize(1);
    }
  }

  @Test
  void findsEveryDocument_whenFourThreadsWriteAtOnce() throws Exception {
    try (var search = LuceneSearchIndex.open(dir)) {
      var writes = new ArrayList<Future<?>>();
      try (var threads = Executors.newFixedThreadPool(4)) {
        for (int t = 0; t < 4; t++) {
          String thread = "t" + t;
          writes.add(threads.submit(() -> {
            for (int i = 0; i < 200; i++) {
              search.upsert("photos", "pics", thread + "-" + i, Map.of("title", "busy " + thread));
            }
          }));
        }
        for (Future<?> write : writes) {
          write.get();
        }
      }

      var expected = new HashSet<String>();
      for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 200; i++) {
          expected.add("t" + t + "-" + i);
        }
      }
      assertThat(ids(search, "busy")).isEqualTo(expected);
      assertThat(ids(search, "busy t3")).hasSize(200);
    }
  }

  @Test
  void keepsTheIndexWorking_whenTheCallerIsInterrupted() {
    try (var search = LuceneSearchIndex.open(dir)) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> search.upsert("photos", "pics", "p1", Map.of("title", "storm")))
            .isInstanceOf(CancellationException.class)
            .hasMessageContaining("the write may still be applied");
      } finally {
        Thread.interrupted();
      }

      search.upsert("photos", "pics", "p2", Map.of("title", "storm"));

      assertThat(ids(search, "storm")).containsExactlyInAnyOrder("p1", "p2");
    }
  }

  @Test
  void commitsAndEmptiesTheLog_whenItGrowsLarge() {
    var fields = new HashMap<String, String>();
    for (int i = 0; i < 32; i++) {
      fields.put("f" + i, "big " + "y".repeat(30_000));
    }
    try (var search = LuceneSearchIndex.open(dir)) {
      // About 1 MB a document: nine of them pass the 8 MiB checkpoint once.
      for (int i = 0; i < 9; i++) {
        search.upsert("photos", "pics", "big-" + i, fields);
      }
      // The search waits for the writer thread, which checkpoints right after the last write.
      assertThat(ids(search, "big")).hasSize(9);
      assertThat(indexDir().resolve(WriteLog.FILE_NAME).toFile().length())
          .isLessThan(LuceneIndex.CHECKPOINT_LOG_BYTES);
    }
  }

  @Test
  void keepsOtherAppsUsable_whileAnAppIsDropped() throws Exception {
    try (var search = LuceneSearchIndex.open(dir)) {
      search.upsert("blog", "posts", "b1", Map.of("title", "kept"));
      List<Future<?>> writes = new ArrayList<>();
      try (var threads = Executors.newFixedThreadPool(2)) {
        writes.add(threads.submit(() -> {
          for (int i = 0; i < 20; i++) {
            search.upsert("photos", "pics", "p" + i, Map.of("title", "gone"));
            if (i % 5 == 0) {
              search.dropApp("photos");
            }
          }
        }));
        writes.add(threads.submit(() -> {
          for (int i = 0; i < 20; i++) {
            assertThat(search.search("blog", "posts", "kept", 10)).hasSize(1);
          }
        }));
        for (Future<?> write : writes) {
          write.get();
        }
      }
      search.dropApp("photos");
      assertThat(dir.resolve("photos")).doesNotExist();
    }
  }
}
