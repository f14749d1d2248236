package io.cumulo.core.events;

import io.cumulo.core.DiskFullException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A framed record waiting for the writer thread.
 *
 * @param kind what the record says
 * @param frame the encoded record, as it goes to disk
 * @param entry the event it is about
 * @param future completed when the record is durable; appends only, null otherwise
 */
record QueuedRecord(Kind kind, byte[] frame, PendingEvent entry, CompletableFuture<Void> future) {

  enum Kind { APPEND, COMPLETE, RETRY }

  /** Tells a waiting appender how its write went; {@code failure} is null when durable. */
  void finish(Path dir, IOException failure) {
    if (future == null) {
      return;
    }
    if (failure == null) {
      future.complete(null);
    } else if (DiskFullException.isCause(failure)) {
      future.completeExceptionally(new DiskFullException(failure));
    } else {
      future.completeExceptionally(
          new UncheckedIOException("cannot write the event log in " + dir, failure));
    }
  }
}
