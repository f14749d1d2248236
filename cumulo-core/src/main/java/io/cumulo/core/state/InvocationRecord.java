package io.cumulo.core.state;

import java.time.Instant;

/**
 * What happened in one invocation (for async ones, in its latest attempt).
 *
 * @param id the invocation id (the event id for async invocations)
 * @param function {@code app/function}
 * @param start when the handler was called
 * @param durationMicros how long the handler ran, in microseconds
 * @param coldStart whether the instance was created for this invocation
 * @param outcome {@code succeeded} or {@code failed}
 * @param errorType for failures: {@code HandlerError}, {@code Timeout}, ...; else null
 * @param errorMessage for failures: a readable reason; else null
 * @param billedMbMs memory (MiB) times duration rounded up to whole milliseconds
 * @param attempt which attempt this record is of, starting at 1
 */
public record InvocationRecord(
    String id,
    String function,
    Instant start,
    long durationMicros,
    boolean coldStart,
    String outcome,
    String errorType,
    String errorMessage,
    long billedMbMs,
    int attempt) {}
