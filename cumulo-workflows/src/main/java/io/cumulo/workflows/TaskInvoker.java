package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Runs the function a Task state names. */
@FunctionalInterface
public interface TaskInvoker {
  /**
   * Invokes a function and returns its result.
   *
   * @param resource {@code cumulo:function:APP/FN}
   * @param input the payload
   * @param idempotencyKey the same when an attempt is handed out again after a restart; a function
   *     may use it to do its work once
   * @param timeout the Task's TimeoutSeconds, or null for the function's own limit; past it the
   *     invoker fails with {@code States.Timeout}
   * @throws TaskFailure when the function fails
   */
  JsonNode invoke(String resource, JsonNode input, String idempotencyKey, Duration timeout);
}
