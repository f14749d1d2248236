package io.cumulo.core.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable queue of events waiting to be delivered. An event is appended once, claimed by
 * {@link #poll}, and then either {@linkplain #complete completed} (delivered or dead-lettered) or
 * {@linkplain #retryLater released for a later attempt}. After a crash, every appended event that
 * was not completed is delivered again: delivery is at-least-once.
 *
 * <p>Implementations: the embedded file log (default) and, later, PostgreSQL.
 */
public interface EventLog extends AutoCloseable {

  /**
   * Appends an event. The returned future completes when the event is durable (fsynced; appends
   * are group-committed), and only then may the caller acknowledge it to a client. It completes
   * exceptionally with {@link EventLogFullException} when the log holds its maximum of pending
   * events, and with an {@link java.io.UncheckedIOException} when the disk fails.
   */
  CompletableFuture<Void> append(Event event);

  /**
   * Claims up to {@code max} events that are due (never claimed, or released with a
   * {@code notBefore} that has passed), waiting up to {@code wait} for the first one.
   * A claimed event is not returned again until it is released by {@link #retryLater}, or the
   * process restarts.
   *
   * @return the claimed deliveries, oldest first; empty when none became due in time
   */
  List<Delivery> poll(int max, Duration wait) throws InterruptedException;

  /** Marks a claimed event done: it is never delivered again, not even after a restart. */
  void complete(String eventId);

  /**
   * Releases a claimed event for another attempt, due at {@code notBefore}. The attempt count
   * survives restarts on a best-effort basis (it is written without waiting for an fsync).
   *
   * @param nextAttempt the number of the next attempt: the failed one plus 1, or the same number
   *     when the attempt never ran (the function was throttled)
   */
  void retryLater(String eventId, int nextAttempt, Instant notBefore);

  /** Whether the event is appended and not yet completed. */
  boolean isPending(String eventId);

  /** How many events are appended and not yet completed, per target function. */
  java.util.Map<String, Integer> pendingByFunction();

  /** Stops accepting appends, flushes what was accepted, and releases files. */
  @Override
  void close();
}
