package io.cumulo.api;

import java.io.Serial;

/**
 * An invocation that did not produce a result. {@link #errorType()} says why, in the vocabulary
 * of the admin API and the CLI: {@code HandlerError}, {@code Timeout}, {@code Throttled},
 * {@code FunctionNotFound}, {@code InvalidInput}, {@code Unavailable}.
 */
public class InvocationException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String errorType;

  public InvocationException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  /** Why the invocation failed; see the class comment for the values. */
  public String errorType() {
    return errorType;
  }
}
