package io.cumulo.core.state;

import java.time.Instant;

/**
 * An event that failed its last attempt.
 *
 * @param eventId the event's id
 * @param function {@code app/function}
 * @param kind the event's kind ({@code invoke}, {@code schedule}, ...)
 * @param payload the event's JSON payload
 * @param createdAt when the event was first accepted
 * @param failedAt when the last attempt failed
 * @param attempts how many attempts were made
 * @param errorType the last attempt's error type
 * @param errorMessage the last attempt's error message
 */
public record DeadLetter(
    String eventId,
    String function,
    String kind,
    byte[] payload,
    Instant createdAt,
    Instant failedAt,
    int attempts,
    String errorType,
    String errorMessage) {}
