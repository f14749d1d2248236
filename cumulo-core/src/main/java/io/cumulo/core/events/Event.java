package io.cumulo.core.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A unit of work in the durable event log: deliver {@code payload} to {@code function}.
 *
 * @param id a unique id (a UUID string), stable across retries and restarts; handlers see it as
 *     the invocation id
 * @param function the target, {@code app/function}
 * @param kind what produced the event: {@code invoke} (async invoke), {@code schedule}, and later
 *     kinds from other triggers
 * @param payload the handler's input as JSON bytes
 * @param createdAt when the event was accepted
 */
public record Event(String id, String function, String kind, byte[] payload, Instant createdAt) {
  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
