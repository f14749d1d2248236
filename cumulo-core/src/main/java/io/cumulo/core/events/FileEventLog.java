package io.cumulo.core.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event log: append-only segment files in one directory, group-committed by a single
 * writer thread.
 *
 * <p>Callers never fsync. {@link #append} queues the encoded record and returns a future; the
 * writer thread takes everything queued (up to {@link FileEventLogConfig#maxBatchEvents()}),
 * writes it in one go, fsyncs once, and only then completes the futures and makes the events
 * visible to {@link #poll}. COMPLETE and RETRY records ride in the same batches without anyone
 * waiting for them. Futures complete on the writer thread, so dependent stages should be short.
 *
 * <p>On {@linkplain #open open} the segments are replayed (see {@link LogRecovery}); a log in a
 * directory is open in one place at a time. All methods are thread-safe.
 */
public final class FileEventLog implements EventLog {

  private static final Logger LOG = LoggerFactory.getLogger(FileEventLog.class);
  /** How often a waiting poll re-reads the clock while retried events wait for their time. */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Path dir;
  private final FileEventLogConfig config;
  private final InstantSource clock;
  private final SegmentWriter segments;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workQueued = lock.newCondition();
  private final Condition eventsDue = lock.newCondition();
  private final ArrayDeque<QueuedRecord> queue = new ArrayDeque<>();
  private final PendingEvents pending = new PendingEvents();
  private final Thread writer;
  private long nextSequence;
  private boolean closed;

  private FileEventLog(Path dir, FileEventLogConfig config, InstantSource clock,
      SegmentWriter segments, LogRecovery.Recovered recovered) {
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    this.segments = segments;
    recovered.pending().forEach(pending::addRecovered);
    this.nextSequence = recovered.nextSequence();
    this.writer = Thread.ofPlatform().name("cumulo-event-log-writer").daemon(true)
        .unstarted(this::runWriter);
  }

  /**
   * Opens the log in {@code dir}, creating the directory if needed, and recovers the pending
   * events. Damaged records are skipped or cut off with a warning, never thrown for.
   *
   * @param clock the source of "now" for retry due times
   * @throws UncheckedIOException when the directory cannot be read or written
   * @throws IllegalStateException when the log is already open, in this process or another
   */
  public static FileEventLog open(Path dir, FileEventLogConfig config, InstantSource clock) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    try {
      Files.createDirectories(dir);
      FileChannel lockChannel = SegmentWriter.lockDirectory(dir);
      try {
        LogRecovery.Recovered recovered =
            LogRecovery.recover(dir, SegmentWriter.listSegments(dir));
        SegmentWriter segments = SegmentWriter.open(dir, config.segmentBytes(), lockChannel,
            recovered.liveBySegment(), recovered.newestValidBytes());
        segments.deleteCompletedPrefix();
        FileEventLog log = new FileEventLog(dir, config, clock, segments, recovered);
        log.writer.start();
        return log;
      } catch (IOException | RuntimeException e) {
        lockChannel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the event log in " + dir, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the event's id is already pending, or a field is too
   *     large (strings: 65,535 UTF-8 bytes; whole event: 16 MiB)
   * @throws IllegalStateException when the log is closed
   */
  @Override
  public CompletableFuture<Void> append(Event event) {
    Objects.requireNonNull(event, "event");
    byte[] frame = RecordCodec.append(event);
    CompletableFuture<Void> future = new CompletableFuture<>();
    lock.lock();
    try {
      checkOpen();
      if (pending.get(event.id()) != null) {
        throw new IllegalArgumentException("event " + event.id() + " is already pending");
      }
      if (pending.size() >= config.maxPendingEvents()) {
        return CompletableFuture.failedFuture(
            new EventLogFullException(config.maxPendingEvents()));
      }
      PendingEvent entry = new PendingEvent(event, nextSequence++, 1, null,
          PendingEvent.State.WRITING);
      pending.addWriting(entry);
      enqueue(new QueuedRecord(QueuedRecord.Kind.APPEND, frame, entry, future));
    } finally {
      lock.unlock();
    }
    return future;
  }

  /** {@inheritDoc} Waiting polls return an empty list when the log is closed. */
  @Override
  public List<Delivery> poll(int max, Duration wait) throws InterruptedException {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, was " + wait);
    }
    long deadline = System.nanoTime() + wait.toNanos();
    lock.lockInterruptibly();
    try {
      checkOpen();
      while (true) {
        List<Delivery> claimed = pending.claimDue(max, clock.instant());
        long remaining = deadline - System.nanoTime();
        if (!claimed.isEmpty() || remaining <= 0 || closed) {
          return claimed;
        }
        eventsDue.awaitNanos(pending.hasDelayed() ? Math.min(remaining, RECHECK_NANOS)
            : remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  /** {@inheritDoc} Completing an event that is not pending does nothing. */
  @Override
  public void complete(String eventId) {
    byte[] frame = RecordCodec.complete(Objects.requireNonNull(eventId, "eventId"));
    lock.lock();
    try {
      checkOpen();
      PendingEvent entry = pending.remove(eventId);
      if (entry != null) {
        enqueue(new QueuedRecord(QueuedRecord.Kind.COMPLETE, frame, entry, null));
      }
    } finally {
      lock.unlock();
    }
  }

  /** {@inheritDoc} @throws IllegalStateException when the event is not pending and claimed */
  @Override
  public void retryLater(String eventId, int nextAttempt, Instant notBefore) {
    Objects.requireNonNull(notBefore, "notBefore");
    if (nextAttempt < 1) {
      throw new IllegalArgumentException("nextAttempt must be at least 1, was " + nextAttempt);
    }
    byte[] frame = RecordCodec.retry(Objects.requireNonNull(eventId, "eventId"), nextAttempt,
        notBefore);
    lock.lock();
    try {
      checkOpen();
      PendingEvent entry = pending.get(eventId);
      if (entry == null || entry.state != PendingEvent.State.CLAIMED) {
        throw new IllegalStateException("event " + eventId + " is not claimed by a poll");
      }
      // The delay as the caller meant it, kept monotonic: a clock set back an hour must not hold
      // a 200 ms retry for an hour.
      long delayNanos = Math.max(0, java.time.Duration.between(clock.instant(), notBefore).toNanos());
      pending.release(entry, nextAttempt, notBefore, System.nanoTime() + delayNanos);
      enqueue(new QueuedRecord(QueuedRecord.Kind.RETRY, frame, entry, null));
      eventsDue.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isPending(String eventId) {
    lock.lock();
    try {
      return pending.isDurable(eventId);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, Integer> pendingByFunction() {
    lock.lock();
    try {
      return pending.countByFunction();
    } finally {
      lock.unlock();
    }
  }

  /** Flushes every accepted record, stops the writer thread and closes the files. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      workQueued.signal();
      eventsDue.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the event log in " + dir + " is closed");
    }
  }

  private void enqueue(QueuedRecord write) {
    queue.addLast(write);
    if (queue.size() == 1) {
      workQueued.signal();
    }
  }

  private void runWriter() {
    List<QueuedRecord> batch = new ArrayList<>();
    List<byte[]> frames = new ArrayList<>();
    long[] segmentOf = new long[config.maxBatchEvents()];
    while (takeBatch(batch)) {
      frames.clear();
      batch.forEach(w -> frames.add(w.frame()));
      SegmentWriter.Result result = segments.write(frames, segmentOf);
      publish(batch, result);
      segments.account(batch, segmentOf, result.durable());
      try {
        segments.deleteCompletedPrefix();
      } catch (IOException e) {
        LOG.warn("event log {}: could not delete completed segments", dir, e);
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).finish(dir, i < result.durable() ? null : result.failure());
      }
    }
    try {
      segments.close();
    } catch (IOException e) {
      LOG.warn("event log {}: error while closing", dir, e);
    }
  }

  /** Waits for queued records and moves up to a batch of them; false once closed and drained. */
  private boolean takeBatch(List<QueuedRecord> batch) {
    batch.clear();
    lock.lock();
    try {
      while (queue.isEmpty() && !closed) {
        workQueued.awaitUninterruptibly();
      }
      while (!queue.isEmpty() && batch.size() < config.maxBatchEvents()) {
        batch.add(queue.pollFirst());
      }
      return !batch.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Makes durable appends deliverable and forgets the ones that could not be written. */
  private void publish(List<QueuedRecord> batch, SegmentWriter.Result result) {
    if (result.failure() != null) {
      LOG.error("event log {}: write failed; {} records not written", dir,
          batch.size() - result.durable(), result.failure());
    }
    lock.lock();
    try {
      for (int i = 0; i < batch.size(); i++) {
        QueuedRecord w = batch.get(i);
        if (w.kind() == QueuedRecord.Kind.APPEND && i < result.durable()) {
          pending.markDurable(w.entry());
        } else if (w.kind() == QueuedRecord.Kind.APPEND) {
          pending.dropUnwritten(w.entry());
        }
      }
      eventsDue.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
