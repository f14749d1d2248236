package io.cumulo.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteLogTest {
  @TempDir Path dir;

  private final IndexWrite first = new IndexWrite.Upsert("p1",
      Map.of("title", "Café 🌅 日本", "body", "x".repeat(40_000), "empty", ""));
  private final IndexWrite second = new IndexWrite.Delete("p0");
  private final IndexWrite third = new IndexWrite.Upsert("p2", Map.of());

  @Test
  void readsBackWhatWasAppended_afterReopening() throws Exception {
    try (var log = WriteLog.open(dir)) {
      log.append(List.of(first, second));
      log.append(List.of(third));
    }

    try (var log = WriteLog.open(dir)) {
      assertThat(log.readAll()).containsExactly(first, second, third);
    }
  }

  @Test
  void cutsOffATornLastRecord_andAppendsAfterTheLastCompleteOne() throws Exception {
    long complete;
    try (var log = WriteLog.open(dir)) {
      log.append(List.of(first, second));
      complete = log.sizeBytes();
      log.append(List.of(third));
    }
    Path file = dir.resolve(WriteLog.FILE_NAME);
    try (var raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.setLength(raw.length() - 3);
    }

    try (var log = WriteLog.open(dir)) {
      assertThat(log.readAll()).containsExactly(first, second);
      assertThat(Files.size(file)).isEqualTo(complete);
      log.append(List.of(third));
    }
    try (var log = WriteLog.open(dir)) {
      assertThat(log.readAll()).containsExactly(first, second, third);
    }
  }

  @Test
  void stopsAtARecordWhoseChecksumFails() throws Exception {
    try (var log = WriteLog.open(dir)) {
      log.append(List.of(first, second));
    }
    Path file = dir.resolve(WriteLog.FILE_NAME);
    try (var raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek(raw.length() - 1);
      int last = raw.read();
      raw.seek(raw.length() - 1);
      raw.write(last ^ 0xFF);
    }

    try (var log = WriteLog.open(dir)) {
      assertThat(log.readAll()).containsExactly(first);
    }
  }

  @Test
  void appendsAtTheEnd_whenReopenedWithoutReading() throws Exception {
    try (var log = WriteLog.open(dir)) {
      log.append(List.of(first));
    }
    try (var log = WriteLog.open(dir)) {
      log.append(List.of(second));
    }

    try (var log = WriteLog.open(dir)) {
      assertThat(log.readAll()).containsExactly(first, second);
    }
  }

  @Test
  void isEmpty_afterClear() throws Exception {
    try (var log = WriteLog.open(dir)) {
      log.append(List.of(first));
      log.clear();
      log.append(List.of(second));
    }

    try (var log = WriteLog.open(dir)) {
      assertThat(log.readAll()).containsExactly(second);
    }
  }
}
