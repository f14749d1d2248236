package io.cumulo.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.core.CumuloException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileFunctionLogsTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123Z");
  private static final String FN = "photos/thumb";

  /** A clock the test moves by hand. */
  private static final class MutableClock implements InstantSource {
    private volatile Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration step) {
      now = now.plus(step);
    }
  }

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private FileFunctionLogs logs;

  @BeforeEach
  void open() {
    logs = FileFunctionLogs.open(dir, clock);
  }

  @AfterEach
  void close() {
    logs.close();
  }

  private void appendEverySecond(String function, int count) {
    for (int i = 0; i < count; i++) {
      logs.append(function, "inv-" + i, "INFO", "line " + i);
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void readsAppendedLinesOldestFirst_whenLinesWereAppended() {
    logs.append(FN, "inv-1", "INFO", "started");
    clock.advance(Duration.ofMillis(5));
    logs.append(FN, null, "ERROR", "two\nlines");

    assertThat(logs.read(FN, Instant.EPOCH, 10))
        .containsExactly(
            new LogLine(T0, FN, "inv-1", "INFO", "started"),
            new LogLine(T0.plusMillis(5), FN, null, "ERROR", "two\nlines"));
    assertThat(dir.resolve("photos/thumb.log")).exists();
  }

  @Test
  void returnsLinesAtOrAfterSince_whenSinceIsGiven() {
    appendEverySecond(FN, 5);

    assertThat(logs.read(FN, T0.plusSeconds(3), 10))
        .extracting(LogLine::message)
        .containsExactly("line 3", "line 4");
  }

  @Test
  void returnsTheNewestLines_whenMoreThanTheLimitMatch() {
    appendEverySecond(FN, 5);

    assertThat(logs.read(FN, Instant.EPOCH, 2))
        .extracting(LogLine::message)
        .containsExactly("line 3", "line 4");
    assertThat(logs.read(FN, Instant.EPOCH, 0)).isEmpty();
  }

  @Test
  void returnsNothing_whenTheFunctionHasNoLog() {
    appendEverySecond(FN, 1);

    assertThat(logs.read("photos/other", Instant.EPOCH, 10)).isEmpty();
  }

  @Test
  void keepsEveryLineWhole_whenEightThreadsAppendAtOnce() throws Exception {
    int threads = 8;
    int perThread = 1_000;
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String invocation = "inv-" + t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    String padding = "x".repeat(i % 97);
                    logs.append(FN, invocation, "INFO", invocation + " line " + i + " " + padding);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    }

    List<LogLine> lines = logs.read(FN, Instant.EPOCH, Integer.MAX_VALUE);
    assertThat(lines).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      String invocation = "inv-" + t;
      List<String> own =
          lines.stream()
              .filter(l -> invocation.equals(l.invocationId()))
              .map(l -> l.message().substring(0, l.message().lastIndexOf(' ')))
              .toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        expected.add(invocation + " line " + i);
      }
      assertThat(own).containsExactlyElementsOf(expected);
    }
    assertThat(Files.readAllLines(dir.resolve("photos/thumb.log"))).hasSize(threads * perThread);
  }

  @Test
  void rotatesAndDropsTheOldestFile_whenFilesExceedMaxBytes() throws Exception {
    logs.close();
    long maxFileBytes = 1_000;
    logs =
        FileFunctionLogs.open(
            dir, clock, new FileFunctionLogs.Config(maxFileBytes, 2, Duration.ofMillis(200)));

    appendEverySecond(FN, 200);

    Path current = dir.resolve("photos/thumb.log");
    List<LogLine> lines = logs.read(FN, Instant.EPOCH, 1_000);
    assertThat(current.resolveSibling("thumb.log.1")).exists();
    assertThat(current.resolveSibling("thumb.log.2")).exists();
    assertThat(current.resolveSibling("thumb.log.3")).doesNotExist();
    for (String name : List.of("thumb.log", "thumb.log.1", "thumb.log.2")) {
      assertThat(Files.size(current.resolveSibling(name))).isLessThanOrEqualTo(maxFileBytes);
    }
    assertThat(lines).hasSizeBetween(10, 199);
    assertThat(lines.getLast().message()).isEqualTo("line 199");
    int first = 200 - lines.size();
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i).message()).isEqualTo("line " + (first + i));
    }
  }

  @Test
  void deliversLinesToFollowers_untilTheHandleIsClosed() throws Exception {
    List<LogLine> seen = new ArrayList<>();
    AutoCloseable handle = logs.follow(FN, seen::add);

    logs.append(FN, "inv-1", "INFO", "one");
    logs.append("photos/other", "inv-2", "INFO", "elsewhere");
    handle.close();
    logs.append(FN, "inv-3", "INFO", "after close");

    assertThat(seen).containsExactly(new LogLine(T0, FN, "inv-1", "INFO", "one"));
  }

  @Test
  void dropsAFollowerThatThrows_whileAppendingGoesOn() {
    List<String> healthy = new ArrayList<>();
    int[] failingCalls = {0};
    logs.follow(
        FN,
        line -> {
          failingCalls[0]++;
          throw new IllegalStateException("listener bug");
        });
    logs.follow(FN, line -> healthy.add(line.message()));

    logs.append(FN, "inv-1", "INFO", "one");
    logs.append(FN, "inv-2", "INFO", "two");

    assertThat(failingCalls[0]).isEqualTo(1);
    assertThat(healthy).containsExactly("one", "two");
    assertThat(logs.read(FN, Instant.EPOCH, 10)).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "photos", "photos/", "/thumb", "photos/thumb/x", "../photos/thumb", "photos/../thumb",
        "Photos/thumb", "photos/thumb.log", "1photos/thumb", "photos/-thumb", "photos\\thumb",
        "photos/thumb\n"
      })
  void refusesTheName_whenItIsNotAppSlashFunction(String name) {
    assertThatThrownBy(() -> logs.append(name, "inv", "INFO", "x"))
        .isInstanceOfSatisfying(
            CumuloException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
    assertThatThrownBy(() -> logs.read(name, Instant.EPOCH, 1))
        .isInstanceOf(CumuloException.class);
    assertThatThrownBy(() -> logs.follow(name, line -> {})).isInstanceOf(CumuloException.class);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void skipsAMalformedLine_whenTheFileHoldsOne() throws Exception {
    logs.append(FN, "inv-1", "INFO", "before");
    logs.close();
    Files.writeString(
        dir.resolve("photos/thumb.log"),
        "not json\n{\"time\":\"yesterday\",\"level\":\"INFO\",\"message\":\"m\"}\n{\"time\":",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Files.writeString(
        dir.resolve("photos/thumb.log"), "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    logs = FileFunctionLogs.open(dir, clock);
    logs.append(FN, "inv-2", "INFO", "after");

    assertThat(logs.read(FN, Instant.EPOCH, 10))
        .extracting(LogLine::message)
        .containsExactly("before", "after");
  }

  @Test
  void truncatesTheMessage_whenItIsOver16KiB() {
    logs.append(FN, "inv-1", "INFO", "a".repeat(20_000));
    logs.append(FN, "inv-2", "INFO", "\u00e9".repeat(10_000));
    logs.append(FN, "inv-3", "INFO", "\uD83D\uDE00".repeat(5_000));

    List<LogLine> lines = logs.read(FN, Instant.EPOCH, 10);

    assertThat(lines.get(0).message()).hasSize(16 * 1024);
    assertThat(lines.get(1).message()).isEqualTo("\u00e9".repeat(8 * 1024));
    assertThat(lines.get(2).message()).isEqualTo("\uD83D\uDE00".repeat(4 * 1024));
  }

  @Test
  void writesBufferedLinesInTheBackground_whenNothingReads() throws Exception {
    logs.close();
    logs =
        FileFunctionLogs.open(
            dir, clock, new FileFunctionLogs.Config(1 << 20, 1, Duration.ofMillis(10)));
    Path file = dir.resolve("photos/thumb.log");

    logs.append(FN, "inv-1", "INFO", "flushed");

    // Waits for the flusher thread, not for time to pass: the bound only keeps a bug from hanging.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(Files.exists(file) && Files.readString(file).contains("flushed"))
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(Files.readString(file)).contains("\"message\":\"flushed\"");
  }

  @Test
  void writesBufferedLines_whenClosed() throws Exception {
    logs.append(FN, "inv-1", "INFO", "kept");

    logs.close();
    logs.close();

    assertThat(Files.readString(dir.resolve("photos/thumb.log"))).contains("\"message\":\"kept\"");
    assertThatThrownBy(() -> logs.append(FN, "inv-2", "INFO", "late"))
        .isInstanceOf(IllegalStateException.class);
  }
}
