package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of an execution's history.
 *
 * @param type what happened
 * @param time when, by the interpreter's clock
 * @param position the strand it happened in: {@code ""} at the top level, else the path of Parallel
 *     branches and Map iterations, e.g. {@code /Fan#0[1]}
 * @param state the state's name, or null for execution events
 * @param detail type-specific data: {@code input}, {@code output}, {@code error} and {@code cause},
 *     {@code resource} and {@code idempotencyKey}, {@code retryAt}
 */
public record HistoryEvent(
    Type type, Instant time, String position, String state, JsonNode detail) {
  /** The kinds of events. */
  public enum Type {
    EXECUTION_STARTED,
    STATE_ENTERED,
    STATE_EXITED,
    TASK_SCHEDULED,
    TASK_SUCCEEDED,
    TASK_FAILED,
    STATE_RETRY_SCHEDULED,
    STATE_FAILED,
    EXECUTION_SUCCEEDED,
    EXECUTION_FAILED,
    EXECUTION_ABORTED
  }
}
