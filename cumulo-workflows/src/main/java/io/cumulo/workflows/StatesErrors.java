package io.cumulo.workflows;

import java.util.Set;

/**
 * The error names that the Amazon States Language predefines. Retry and Catch rules match them by
 * name in {@code ErrorEquals}; a task may also fail with any error name of its own.
 */
public final class StatesErrors {
  /**
   * Matches any error except {@link #RUNTIME} and {@link #DATA_LIMIT_EXCEEDED}, which are terminal.
   */
  public static final String ALL = "States.ALL";

  /** A task failed; as a matcher, any error except {@link #TIMEOUT} and the terminal ones. */
  public static final String TASK_FAILED = "States.TaskFailed";

  /** A task ran longer than its TimeoutSeconds, or the execution longer than its own. */
  public static final String TIMEOUT = "States.Timeout";

  /** A task did not report within its HeartbeatSeconds. */
  public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";

  /** The execution hit an error it cannot process, e.g. a path that points nowhere. */
  public static final String RUNTIME = "States.Runtime";

  /** A payload exceeded the size limit. */
  public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";

  /** The task was not allowed to run. */
  public static final String PERMISSIONS = "States.Permissions";

  /** A ResultPath cannot be applied to the state's input. */
  public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";

  /** A {@code .$} field of Parameters, ItemSelector or ResultSelector names a missing path. */
  public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";

  /** A branch of a Parallel state or an iteration of a Map state failed. */
  public static final String BRANCH_FAILED = "States.BranchFailed";

  /** No Choice rule matched and the Choice state has no Default. */
  public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";

  /** An intrinsic function failed, e.g. on an argument of the wrong type. */
  public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";

  /** A Map state had more failed items than it tolerates. */
  public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD =
      "States.ExceedToleratedFailureThreshold";

  /** A Map state could not read its items. */
  public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";

  /**
   * Every predefined name, for validating {@code ErrorEquals} entries that start with "States.".
   */
  public static final Set<String> PREDEFINED =
      Set.of(
          ALL,
          TASK_FAILED,
          TIMEOUT,
          HEARTBEAT_TIMEOUT,
          RUNTIME,
          DATA_LIMIT_EXCEEDED,
          PERMISSIONS,
          RESULT_PATH_MATCH_FAILURE,
          PARAMETER_PATH_FAILURE,
          BRANCH_FAILED,
          NO_CHOICE_MATCHED,
          INTRINSIC_FAILURE,
          EXCEED_TOLERATED_FAILURE_THRESHOLD,
          ITEM_READER_FAILED);

  private StatesErrors() {}

  /**
   * Whether an {@code ErrorEquals} entry matches an error name.
   *
   * @param pattern an entry of ErrorEquals
   * @param error the error that occurred
   */
  public static boolean matches(String pattern, String error) {
    if (pattern.equals(error)) {
      return true;
    }
    boolean terminal = error.equals(RUNTIME) || error.equals(DATA_LIMIT_EXCEEDED);
    return switch (pattern) {
      case ALL -> !terminal;
      case TASK_FAILED -> !terminal && !error.equals(TIMEOUT);
      default -> false;
    };
  }
}
