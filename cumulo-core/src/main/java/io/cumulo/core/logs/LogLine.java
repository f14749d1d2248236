package io.cumulo.core.logs;

import java.time.Instant;

/** One line of a function's log stream. */
public record LogLine(Instant time, String function, String invocationId, String level, String message) {}
