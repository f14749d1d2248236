package io.cumulo.core.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of one log directory: appends batches of framed records to the newest segment with
 * one fsync per batch, rolls segments, and deletes segments nobody needs. Used by the writer
 * thread alone (and by {@code open} before that thread starts).
 */
final class SegmentWriter implements AutoCloseable {

  private static final String SUFFIX = ".seg";
  private static final int INITIAL_BUFFER_BYTES = 1 << 20;

  /** What a batch write achieved: the first {@code durable} frames are on disk. */
  record Result(int durable, IOException failure) {}

  private final Path dir;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  /** Segment number to how many events appended in it are still pending, oldest first. */
  private final TreeMap<Long, Integer> liveBySegment;
  private long activeNumber;
  private FileChannel active;
  /** Bytes of the active segment that are written and fsynced. */
  private long activeBytes;
  private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER_BYTES);

  private SegmentWriter(Path dir, long segmentBytes, FileChannel lockChannel,
      TreeMap<Long, Integer> liveBySegment) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.liveBySegment = liveBySegment;
  }

  static String fileName(long number) {
    return String.format("%020d%s", number, SUFFIX);
  }

  /** Takes the directory's lock file, so that one process at a time writes this log. */
  static FileChannel lockDirectory(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("event log " + dir + " is already open");
    }
    return channel;
  }

  static List<Long> listSegments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX) && n.length() == 20 + SUFFIX.length())
          .map(n -> Long.parseLong(n.substring(0, 20)))
          .sorted()
          .toList();
    }
  }

  /** Continues the newest recovered segment at {@code newestBytes}, or starts segment 1. */
  static SegmentWriter open(Path dir, long segmentBytes, FileChannel lockChannel,
      TreeMap<Long, Integer> liveBySegment, long newestBytes) throws IOException {
    SegmentWriter writer = new SegmentWriter(dir, segmentBytes, lockChannel, liveBySegment);
    if (liveBySegment.isEmpty()) {
      writer.startSegment(1);
    } else {
      writer.activeNumber = liveBySegment.lastKey();
      writer.active = FileChannel.open(dir.resolve(fileName(writer.activeNumber)),
          StandardOpenOption.WRITE);
      writer.active.position(newestBytes);
      writer.activeBytes = newestBytes;
    }
    return writer;
  }

  /**
   * Writes the frames in order and fsyncs them, rolling to a new segment when the active one
   * would pass {@code segmentBytes}. {@code segments[i]} receives the segment of frame i. On a
   * failure, the active segment is cut back to its last fsynced length, so a half-written batch
   * never precedes later records.
   */
  Result write(List<byte[]> frames, long[] segments) {
    int durable = 0;
    try {
      for (int i = 0; i < frames.size(); i++) {
        byte[] frame = frames.get(i);
        long used = activeBytes + buffer.position();
        if (used > 0 && used + frame.length > segmentBytes) {
          flushAndForce();
          durable = i;
          startSegment(activeNumber + 1);
        }
        if (buffer.remaining() < frame.length) {
          flush();
          if (buffer.capacity() < frame.length) {
            buffer = ByteBuffer.allocateDirect(frame.length);
          }
        }
        buffer.put(frame);
        segments[i] = activeNumber;
      }
      flushAndForce();
      return new Result(frames.size(), null);
    } catch (IOException e) {
      buffer.clear();
      try {
        active.truncate(activeBytes);
        active.position(activeBytes);
      } catch (IOException truncateFailure) {
        e.addSuppressed(truncateFailure);
      }
      return new Result(durable, e);
    }
  }

  /**
   * Counts a written batch into the live events per segment: each durable APPEND adds one to its
   * segment, each COMPLETE takes one from the segment of its event's APPEND.
   */
  void account(List<QueuedRecord> batch, long[] segmentOf, int durable) {
    for (int i = 0; i < batch.size(); i++) {
      QueuedRecord record = batch.get(i);
      PendingEvent entry = record.entry();
      if (record.kind() == QueuedRecord.Kind.APPEND && i < durable) {
        entry.segment = segmentOf[i];
        liveBySegment.merge(entry.segment, 1, Integer::sum);
      } else if (record.kind() == QueuedRecord.Kind.COMPLETE && entry.segment >= 0) {
        // Counted even when its write failed: the event is done in memory, and deleting its
        // segment later makes it exactly as completed on disk.
        liveBySegment.computeIfPresent(entry.segment, (k, live) -> live - 1);
      }
    }
  }

  /**
   * Deletes the longest prefix of segments whose appended events are all completed.
   *
   * <p>Only a prefix: a COMPLETE or RETRY record lives in a segment at or after the one holding
   * its APPEND. Deleting a segment in the middle could drop the COMPLETE of an event whose APPEND
   * sits in an older segment that stays, and that event would come back after a restart. Deleting
   * a prefix only leaves COMPLETE and RETRY records whose APPEND is gone; recovery ignores those.
   */
  void deleteCompletedPrefix() throws IOException {
    boolean deleted = false;
    while (liveBySegment.firstKey() != activeNumber && liveBySegment.firstEntry().getValue() <= 0) {
      long number = liveBySegment.pollFirstEntry().getKey();
      Files.deleteIfExists(dir.resolve(fileName(number)));
      deleted = true;
    }
    if (deleted) {
      syncDirectory();
    }
  }

  @Override
  public void close() throws IOException {
    try (lockChannel) {
      try {
        flushAndForce();
      } finally {
        active.close();
      }
    }
  }

  private void startSegment(long number) throws IOException {
    Path file = dir.resolve(fileName(number));
    FileChannel created = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    try {
      // The new name must be durable before records in it are acknowledged.
      syncDirectory();
    } catch (IOException e) {
      created.close();
      Files.deleteIfExists(file);
      throw e;
    }
    if (active != null) {
      active.close();
    }
    active = created;
    activeNumber = number;
    activeBytes = 0;
    liveBySegment.put(number, 0);
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      active.write(buffer);
    }
    buffer.clear();
  }

  private void flushAndForce() throws IOException {
    long bytes = activeBytes + buffer.position();
    flush();
    active.force(false);
    activeBytes = bytes;
  }

  private void syncDirectory() throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
