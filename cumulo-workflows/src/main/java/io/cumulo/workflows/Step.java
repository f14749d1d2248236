package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one {@link Interpreter#step} did and what the caller must do next. Persist the execution
 * (and the events) after every step, before acting on it.
 */
public sealed interface Step {
  /** The history events of this step, in order. */
  List<HistoryEvent> events();

  /** A transition happened; call {@link Interpreter#step} again. */
  record Advanced(List<HistoryEvent> events) implements Step {}

  /**
   * Invoke a function, then report with {@link Interpreter#completeTask} or {@link
   * Interpreter#failTask}. Other strands may advance meanwhile.
   *
   * @param positionId the strand waiting for this task, to report back with
   * @param resource {@code cumulo:function:APP/FN}
   * @param input the payload
   * @param idempotencyKey the same for every hand-out of one attempt (also after a restart), new
   *     for each retry and each visit of the state
   * @param timeout TimeoutSeconds, or null for none
   * @param heartbeat HeartbeatSeconds, or null for none
   */
  record RunTask(
      List<HistoryEvent> events,
      String positionId,
      String resource,
      JsonNode input,
      String idempotencyKey,
      Duration timeout,
      Duration heartbeat)
      implements Step {}

  /**
   * Nothing can advance before {@code wakeAt} (a Wait or a retry delay) or before a task handed out
   * reports; {@code wakeAt} is null when only tasks are awaited.
   */
  record Idle(List<HistoryEvent> events, Instant wakeAt) implements Step {}

  /** The execution succeeded with {@code output}. */
  record Succeeded(List<HistoryEvent> events, JsonNode output) implements Step {}

  /** The execution failed, or was aborted ({@link Execution#status()} tells which). */
  record Failed(List<HistoryEvent> events, String error, String cause) implements Step {}
}
