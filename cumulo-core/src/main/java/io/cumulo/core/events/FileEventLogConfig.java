package io.cumulo.core.events;

/**
 * Settings of the embedded {@link FileEventLog}. Defaults live in {@link #defaults()} and nowhere
 * else.
 *
 * @param maxPendingEvents how many events may be appended and not yet completed before
 *     {@link EventLog#append} fails with {@link EventLogFullException}; default 100,000
 * @param segmentBytes the size at which a segment file is closed and a new one started, in bytes;
 *     a single record larger than this gets a segment of its own; default 64 MiB, at least 4 KiB,
 *     at most 1 GiB
 * @param maxBatchEvents the most records the writer thread writes under one fsync; default 4,096,
 *     at most 1,048,576
 */
public record FileEventLogConfig(int maxPendingEvents, long segmentBytes, int maxBatchEvents) {

  static final long MIN_SEGMENT_BYTES = 4 * 1024;
  static final long MAX_SEGMENT_BYTES = 1024L * 1024 * 1024;
  static final int MAX_BATCH_EVENTS = 1 << 20;

  public FileEventLogConfig {
    if (maxPendingEvents < 1) {
      throw new IllegalArgumentException(
          "maxPendingEvents must be at least 1, was " + maxPendingEvents);
    }
    if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException("segmentBytes must be between " + MIN_SEGMENT_BYTES
          + " and " + MAX_SEGMENT_BYTES + ", was " + segmentBytes);
    }
    if (maxBatchEvents < 1 || maxBatchEvents > MAX_BATCH_EVENTS) {
      throw new IllegalArgumentException("maxBatchEvents must be between 1 and "
          + MAX_BATCH_EVENTS + ", was " + maxBatchEvents);
    }
  }

  /** 100,000 pending events, 64 MiB segments, batches of up to 4,096 records. */
  public static FileEventLogConfig defaults() {
    return new FileEventLogConfig(100_000, 64L * 1024 * 1024, 4096);
  }

  /** A copy with another {@link #maxPendingEvents()}. */
  public FileEventLogConfig withMaxPendingEvents(int value) {
    return new FileEventLogConfig(value, segmentBytes, maxBatchEvents);
  }

  /** A copy with another {@link #segmentBytes()}. */
  public FileEventLogConfig withSegmentBytes(long value) {
    return new FileEventLogConfig(maxPendingEvents, value, maxBatchEvents);
  }
}
