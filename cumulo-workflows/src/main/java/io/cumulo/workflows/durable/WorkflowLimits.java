package io.cumulo.workflows.durable;

/**
 * How much workflow work one node takes on.
 *
 * @param maxRunningExecutions executions running on this node at once (waiting ones included);
 *     starting one more is refused with 429 (default {@value #DEFAULT_MAX_RUNNING_EXECUTIONS}).
 *     Executions resumed at start always run, even beyond it.
 * @param maxInputBytes the largest input of a new execution, in bytes (default {@value
 *     #DEFAULT_MAX_INPUT_BYTES}, as in Step Functions)
 */
public record WorkflowLimits(int maxRunningExecutions, int maxInputBytes) {
  public static final int DEFAULT_MAX_RUNNING_EXECUTIONS = 10_000;
  public static final int DEFAULT_MAX_INPUT_BYTES = 256 * 1024;

  public WorkflowLimits {
    if (maxRunningExecutions < 1) {
      throw new IllegalArgumentException("maxRunningExecutions must be at least 1, not " + maxRunningExecutions);
    }
    if (maxInputBytes < 2) {
      throw new IllegalArgumentException("maxInputBytes must be at least 2, not " + maxInputBytes);
    }
  }

  /** The defaults. */
  public static WorkflowLimits defaults() {
    return new WorkflowLimits(DEFAULT_MAX_RUNNING_EXECUTIONS, DEFAULT_MAX_INPUT_BYTES);
  }
}
