package io.cumulo.core.runtime;

import io.cumulo.core.state.InvocationRecord;
import io.cumulo.core.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes invocation records to the state store in batches from one background thread, so the
 * invocation hot path only enqueues. Records are telemetry: when the bounded buffer is full a
 * record is dropped and counted rather than slowing invocations down. Records not yet written are
 * still visible to {@link #find}.
 */
public final class InvocationRecorder implements AutoCloseable {
  /** Default bound on records waiting to be written. */
  public static final int DEFAULT_CAPACITY = 100_000;
  private static final Logger log = LoggerFactory.getLogger(InvocationRecorder.class);
  private static final int MAX_BATCH = 2_000;

  private final StateStore store;
  private final BlockingQueue<InvocationRecord> queue;
  private final ConcurrentHashMap<String, InvocationRecord> unwritten = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closed;

  public InvocationRecorder(StateStore store, int capacity) {
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = Thread.ofPlatform().daemon().name("cumulo-invocation-recorder").start(this::run);
  }

  /** Queues a record; never blocks. */
  public void record(InvocationRecord record) {
    unwritten.put(record.id(), record);
    if (!queue.offer(record)) {
      unwritten.remove(record.id(), record);
      dropped.incrementAndGet();
    }
  }

  /** The record of an invocation, written or not. */
  public Optional<InvocationRecord> find(String id) {
    InvocationRecord pending = unwritten.get(id);
    return pending != null ? Optional.of(pending) : store.invocation(id);
  }

  /** Records dropped because the buffer was full. */
  public long dropped() {
    return dropped.get();
  }

  private void run() {
    List<InvocationRecord> batch = new ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        InvocationRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
      }
    }
  }

  private void write(List<InvocationRecord> batch) {
    try {
      store.recordInvocations(batch);
    } catch (RuntimeException e) {
      dropped.addAndGet(batch.size());
      log.warn("could not write {} invocation records: {}", batch.size(), e.getMessage());
    }
    for (InvocationRecord record : batch) {
      unwritten.remove(record.id(), record);
    }
    batch.clear();
  }

  /** Writes what is queued and stops. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
