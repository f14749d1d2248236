package io.cumulo.core.events;

import java.time.Instant;

/** The mutable in-memory state of one uncompleted event; guarded by the log's lock. */
final class PendingEvent {

  enum State { WRITING, READY, DELAYED, CLAIMED }

  final Event event;
  /** Append order; polls hand out events in this order. */
  final long sequence;
  int attempt;
  Instant notBefore;
  /**
   * When a retry released in this process comes due by {@link System#nanoTime()}, so a wall clock
   * set back does not hold it for as long as the clock jumped; only valid when {@link #dueByNanos}.
   */
  long dueNanos;
  boolean dueByNanos;
  State state;
  /** The segment holding the APPEND record, or -1 until it is durable; the writer's field. */
  long segment = -1;

  PendingEvent(Event event, long sequence, int attempt, Instant notBefore, State state) {
    this.event = event;
    this.sequence = sequence;
    this.attempt = attempt;
    this.notBefore = notBefore;
    this.state = state;
  }
}
