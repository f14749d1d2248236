package io.cumulo.examples.photos.catalog;

import io.cumulo.api.ServiceClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reports the outbox's changes to Cumulo in order ({@link ServiceClient#reportChange}), deleting
 * each only after Cumulo acknowledged it, so a change survives a crash and the app's
 * {@code table: photos} functions get every one at least once. When Cumulo cannot be reached it
 * retries the same change with exponential backoff, never skipping ahead.
 */
final class ChangePublisher implements AutoCloseable {
  private static final System.Logger log = System.getLogger(ChangePublisher.class.getName());
  private static final int BATCH = 100;
  /** How often the outbox is read without being woken: picks up rows another replica wrote. */
  private static final Duration IDLE_POLL = Duration.ofSeconds(1);

  private final PhotoStore store;
  private final ServiceClient cumulo;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Semaphore wakeUp = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts publishing.
   *
   * @param minBackoff the first wait after a failed report (1 s in the service)
   * @param maxBackoff the longest wait between attempts (30 s in the service)
   */
  ChangePublisher(PhotoStore store, ServiceClient cumulo, Duration minBackoff, Duration maxBackoff) {
    this.store = store;
    this.cumulo = cumulo;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.thread = Thread.ofVirtual().name("catalog-changes").start(this::run);
  }

  /** Says that the outbox has new rows. */
  void wake() {
    wakeUp.release();
  }

  private void run() {
    Duration backoff = minBackoff;
    while (!closed) {
      try {
        List<PhotoStore.OutboxEntry> batch = store.pendingChanges(BATCH);
        if (batch.isEmpty()) {
          wakeUp.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
          continue;
        }
        for (PhotoStore.OutboxEntry change : batch) {
          cumulo.reportChange(PhotoStore.TABLE, change.operation(), change.photoId(),
              change.newImage(), change.oldImage());
          store.reported(change.sequence());
        }
        backoff = minBackoff;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.log(System.Logger.Level.WARNING, "could not report a change to Cumulo (" + e.getMessage()
            + "); retrying in " + backoff.toMillis() + " ms");
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
