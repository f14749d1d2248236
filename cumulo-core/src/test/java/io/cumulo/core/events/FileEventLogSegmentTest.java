package io.cumulo.core.events;

import static io.cumulo.core.events.TestEvents.T0;
import static io.cumulo.core.events.TestEvents.event;
import static io.cumulo.core.events.TestEvents.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FileEventLogSegmentTest {

  /** The smallest segments allowed, so a few hundred-byte events fill one. */
  private static final FileEventLogConfig SMALL = FileEventLogConfig.defaults()
      .withSegmentBytes(FileEventLogConfig.MIN_SEGMENT_BYTES);

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(T0);
  private FileEventLog log;

  @AfterEach
  void closeLog() {
    if (log != null) {
      log.close();
    }
  }

  private void reopen() {
    if (log != null) {
      log.close();
    }
    log = FileEventLog.open(dir, SMALL, clock);
  }

  private List<String> appendAll(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add("event-%03d".formatted(i));
    }
    ids.stream().map(id -> log.append(event(id, "app/f", 200))).toList()
        .forEach(CompletableFuture::join);
    return ids;
  }

  @Test
  void rollsSegmentsAndKeepsThemWithinSize_whenAppendsExceedSegmentBytes() throws Exception {
    reopen();
    appendAll(100);

    List<Path> files = segmentFiles(dir);
    assertThat(files).hasSizeGreaterThan(3);
    for (Path file : files) {
      assertThat(Files.size(file)).isLessThanOrEqualTo(SMALL.segmentBytes());
    }
    reopen();
    assertThat(log.poll(1000, Duration.ZERO)).hasSize(100);
  }

  @Test
  void deletesOnlyCompletedPrefix_whenOldestSegmentStillHasAPendingEvent() throws Exception {
    reopen();
    List<String> ids = appendAll(100);
    List<Path> before = segmentFiles(dir);
    log.poll(1000, Duration.ZERO);
    ids.stream().skip(1).forEach(log::complete);
    log.append(event("barrier")).join();

    assertThat(segmentFiles(dir)).as("the first segment pins all later ones")
        .containsAll(before);

    reopen();
    assertThat(log.pendingByFunction()).containsEntry("app/f", 1);
    assertThat(log.isPending(ids.getFirst())).isTrue();
    assertThat(log.poll(10, Duration.ZERO)).extracting(d -> d.event().id())
        .containsExactly(ids.getFirst(), "barrier");

    log.complete(ids.getFirst());
    log.append(event("barrier-2")).join();
    assertThat(segmentFiles(dir)).hasSize(1).doesNotContainAnyElementsOf(before);
    reopen();
    assertThat(log.isPending(ids.getFirst())).isFalse();
    assertThat(log.isPending("barrier")).isTrue();
  }

  @Test
  void failsAppendsWithUncheckedIoAndStaysUsable_whenSegmentCannotBeCreated() throws Exception {
    reopen();
    List<String> durable = appendAll(5);
    // Take the directory away from under the open log: the open segment still takes writes,
    // but the next roll cannot create its file.
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);

    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      acks.add(log.append(event("late-%02d".formatted(i), "app/f", 200)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
        .join();
    List<Integer> failed = new ArrayList<>();
    for (int i = 0; i < acks.size(); i++) {
      if (acks.get(i).isCompletedExceptionally()) {
        failed.add(i);
        int index = i;
        assertThatThrownBy(() -> acks.get(index).join()).isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(UncheckedIOException.class);
      }
    }
    assertThat(failed).isNotEmpty();
    assertThat(failed.stream().map(i -> "late-%02d".formatted(i)))
        .noneMatch(log::isPending);
    assertThat(durable).allMatch(log::isPending);

    Files.createDirectories(dir);
    log.append(event("recovered", "app/f", 200)).join();
    assertThat(log.isPending("recovered")).isTrue();
  }
}
