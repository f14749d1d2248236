package io.cumulo.core.events;

import java.time.Instant;

/** One record of the event log, as written to and read back from a segment. */
sealed interface LogRecord {

  /** An event was accepted. */
  record Append(Event event) implements LogRecord {}

  /** An event is done and must never be delivered again. */
  record Complete(String eventId) implements LogRecord {}

  /** An event was released for attempt {@code nextAttempt}, due at {@code notBefore}. */
  record Retry(String eventId, int nextAttempt, Instant notBefore) implements LogRecord {}
}
