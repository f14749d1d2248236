package io.cumulo.core.events;

import static io.cumulo.core.events.TestEvents.T0;
import static io.cumulo.core.events.TestEvents.event;
import static io.cumulo.core.events.TestEvents.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

@Timeout(30)
class FileEventLogRecoveryTest {

  private static final int EVENTS = 10;

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(T0);
  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
  private final Logger recoveryLogger = (Logger) LoggerFactory.getLogger(LogRecovery.class);

  @BeforeEach
  void captureWarnings() {
    warnings.start();
    recoveryLogger.addAppender(warnings);
  }

  @AfterEach
  void releaseWarnings() {
    recoveryLogger.detachAppender(warnings);
  }

  private static String id(int i) {
    return "event-%02d".formatted(i);
  }

  /** Writes EVENTS acknowledged events of equal size and returns the single segment. */
  private Path writeAcknowledged() throws IOException {
    try (FileEventLog log = FileEventLog.open(dir, FileEventLogConfig.defaults(), clock)) {
      IntStream.range(0, EVENTS).mapToObj(i -> log.append(event(id(i)))).toList()
          .forEach(f -> f.join());
    }
    return segmentFiles(dir).getLast();
  }

  private static void appendBytes(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<String> pendingIdsAfterReopen() throws InterruptedException {
    try (FileEventLog log = FileEventLog.open(dir, FileEventLogConfig.defaults(), clock)) {
      return log.poll(100, Duration.ZERO).stream().map(d -> d.event().id()).toList();
    }
  }

  private List<String> warningMessages() {
    return warnings.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"half-record", "garbage", "zeros"})
  void keepsAcknowledgedAndTruncatesTail_whenNewestSegmentHasTornTail(String tear)
      throws Exception {
    Path segment = writeAcknowledged();
    long goodBytes = Files.size(segment);
    byte[] frame = RecordCodec.append(event("torn"));
    byte[] tail = switch (tear) {
      case "half-record" -> Arrays.copyOf(frame, frame.length / 2);
      case "garbage" -> "\u0000\u0001not a record at all, just bytes".getBytes();
      default -> new byte[4096];
    };
    appendBytes(segment, tail);

    assertThat(pendingIdsAfterReopen())
        .containsExactlyElementsOf(IntStream.range(0, EVENTS).mapToObj(i -> id(i)).toList());
    assertThat(Files.size(segment)).isEqualTo(goodBytes);
    assertThat(warningMessages()).singleElement().asString().contains("torn tail");

    try (FileEventLog log = FileEventLog.open(dir, FileEventLogConfig.defaults(), clock)) {
      log.append(event("after")).join();
    }
    assertThat(pendingIdsAfterReopen()).hasSize(EVENTS + 1).endsWith("after");
  }

  @Test
  void dropsOnlyTheTornRecord_whenNewestSegmentIsCutShort() throws Exception {
    Path segment = writeAcknowledged();
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 3);
    }

    assertThat(pendingIdsAfterReopen()).containsExactlyElementsOf(
        IntStream.range(0, EVENTS - 1).mapToObj(i -> id(i)).toList());
  }

  @Test
  void keepsRecordsAroundDamageAndWarns_whenByteFlippedMidSegment() throws Exception {
    Path segment = writeAcknowledged();
    int frameBytes = RecordCodec.append(event(id(0))).length;
    int damagedOffset = 4 * frameBytes;
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      long position = damagedOffset + 20;
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
      channel.write(one, position);
    }

    List<String> pending = pendingIdsAfterReopen();

    assertThat(pending).startsWith(id(0), id(1), id(2), id(3)).doesNotContain(id(4))
        .hasSize(EVENTS - 1);
    assertThat(warningMessages()).singleElement().asString()
        .contains(segment.toString())
        .contains("offset " + damagedOffset)
        .contains("skipped " + frameBytes + " bytes");
  }

  @Test
  void opensEmpty_whenSegmentHoldsOnlyGarbage() throws Exception {
    Files.createDirectories(dir);
    appendBytes(dir.resolve(SegmentWriter.fileName(1)), new byte[] {1, 2, 3});

    assertThat(pendingIdsAfterReopen()).isEmpty();
  }
}
