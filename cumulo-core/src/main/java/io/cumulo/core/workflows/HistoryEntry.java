package io.cumulo.core.workflows;

import java.time.Instant;

/**
 * One event of an execution's history, e.g. a state entered or exited, a task scheduled or failed.
 *
 * @param sequence its position in the execution's history, from 1
 * @param type e.g. {@code StateEntered}, {@code TaskSucceeded}, {@code ExecutionFailed}
 * @param state the state's name, or null for execution-level events
 * @param detail the event's data (input, output, error, ...) as JSON text
 * @param time when it happened
 */
public record HistoryEntry(long sequence, String type, String state, String detail, Instant time) {}
