package io.cumulo.core.events;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the pending events from the segments, oldest first: appended minus completed, with the
 * attempt and due time of their latest RETRY.
 *
 * <p>Damage is handled by where it is. A record that is incomplete or fails its CRC is looked past
 * for the next record that is whole and passes its CRC: if there is one, the bytes in between are
 * skipped with a warning (a flipped bit in the middle must not cost the rest of the log); if there
 * is none, the damage is a torn tail, the usual result of a crash during a write. The newest
 * segment is truncated at its last good record so appends continue from there; an older segment
 * keeps its bytes and gets a warning. Nothing here throws for damaged content.
 */
final class LogRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

  /**
   * What the segments hold.
   *
   * @param pending the uncompleted events, in append order
   * @param liveBySegment for every segment, how many of the events appended in it are pending
   * @param newestValidBytes the length of the newest segment after truncating a torn tail, or 0
   *     when there are no segments
   */
  record Recovered(List<PendingEvent> pending, long nextSequence,
      TreeMap<Long, Integer> liveBySegment, long newestValidBytes) {}

  private final Map<String, PendingEvent> pending = new LinkedHashMap<>();
  private long sequence;

  private LogRecovery() {}

  static Recovered recover(Path dir, List<Long> segmentNumbers) throws IOException {
    return new LogRecovery().recoverAll(dir, segmentNumbers);
  }

  private Recovered recoverAll(Path dir, List<Long> segmentNumbers) throws IOException {
    TreeMap<Long, Integer> live = new TreeMap<>();
    long newestValidBytes = 0;
    for (int i = 0; i < segmentNumbers.size(); i++) {
      long number = segmentNumbers.get(i);
      live.put(number, 0);
      Path file = dir.resolve(SegmentWriter.fileName(number));
      boolean newest = i == segmentNumbers.size() - 1;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        long size = channel.size();
        int validEnd;
        try (Arena arena = Arena.ofConfined()) {
          ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena)
              .asByteBuffer();
          validEnd = scan(file, data, number);
        }
        if (validEnd < size && newest) {
          // Cut the torn tail so the next append lands right after the last good record, and
          // make the cut durable before anything new is written behind it.
          channel.truncate(validEnd);
          channel.force(true);
          LOG.warn("event log {}: truncated a torn tail of {} bytes at offset {}",
              file, size - validEnd, validEnd);
        } else if (validEnd < size) {
          LOG.warn("event log {}: ignored {} damaged bytes at its end, offset {}",
              file, size - validEnd, validEnd);
        }
        if (newest) {
          newestValidBytes = validEnd;
        }
      }
    }
    for (PendingEvent entry : pending.values()) {
      live.merge(entry.segment, 1, Integer::sum);
    }
    return new Recovered(List.copyOf(pending.values()), sequence, live, newestValidBytes);
  }

  /** Applies the records of one segment and returns the offset just past its last good one. */
  private int scan(Path file, ByteBuffer data, long segment) {
    int offset = 0;
    int lastGoodEnd = 0;
    while (offset < data.limit()) {
      int frameBytes = RecordCodec.validFrameBytes(data, offset);
      if (frameBytes < 0) {
        int next = nextValidFrame(data, offset + 1);
        if (next < 0) {
          break;
        }
        LOG.warn("event log {}: corrupt record at offset {}; skipped {} bytes to the next good "
            + "record at offset {}; events in those bytes are lost", file, offset,
            next - offset, next);
        offset = next;
        continue;
      }
      switch (RecordCodec.decode(data, offset)) {
        case LogRecord.Append(Event event) -> {
          PendingEvent entry = new PendingEvent(event, sequence++, 1, null,
              PendingEvent.State.READY);
          entry.segment = segment;
          pending.remove(event.id());
          pending.put(event.id(), entry);
        }
        case LogRecord.Complete(String id) -> pending.remove(id);
        case LogRecord.Retry(String id, int attempt, Instant notBefore) -> {
          PendingEvent entry = pending.get(id);
          if (entry != null) {
            entry.attempt = attempt;
            entry.notBefore = notBefore;
          }
        }
      }
      offset += frameBytes;
      lastGoodEnd = offset;
    }
    return lastGoodEnd;
  }

  private static int nextValidFrame(ByteBuffer data, int from) {
    for (int offset = from; offset <= data.limit() - RecordCodec.HEADER_BYTES; offset++) {
      if (RecordCodec.validFrameBytes(data, offset) > 0) {
        return offset;
      }
    }
    return -1;
  }
}
