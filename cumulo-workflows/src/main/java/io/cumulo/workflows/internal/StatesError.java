package io.cumulo.workflows.internal;

import java.io.Serial;

/**
 * A failure while running a state (a path that points nowhere, an intrinsic on a wrong argument, a
 * failed task): the state's Retry and Catch rules see it by its {@link #error()} name.
 */
public final class StatesError extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String error;

  public StatesError(String error, String cause) {
    // No stack trace: these are expected outcomes routed to Retry/Catch, not bugs.
    super(cause, null, false, false);
    this.error = error;
  }

  /** The error name, e.g. {@code States.ParameterPathFailure}. */
  public String error() {
    return error;
  }

  /** The human-readable explanation. */
  public String cause() {
    return getMessage();
  }
}
