package io.cumulo.workflows;

import io.cumulo.core.CumuloException;
import java.io.Serial;

/**
 * A task ended with an error that Retry and Catch rules match by {@link #error()}: the function's
 * own error name, {@code States.Timeout} past its deadline, or {@code States.TaskFailed}.
 */
public final class TaskFailure extends CumuloException {
  @Serial private static final long serialVersionUID = 1L;

  private final String error;

  /**
   * @param error the error name, e.g. {@code ImageTooLarge} or {@code States.Timeout}
   * @param cause the human-readable explanation (may be empty)
   */
  public TaskFailure(String error, String cause) {
    super(502, "TaskFailed", cause);
    this.error = error;
  }

  /** The error name. */
  public String error() {
    return error;
  }

  /** The explanation, passed on as the {@code Cause} of the error output. */
  public String errorCause() {
    return getMessage() == null ? "" : getMessage();
  }
}
