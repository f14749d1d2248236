package io.cumulo.core.runtime;

import io.cumulo.core.CumuloException;
import java.io.Serial;

/**
 * An invocation that produced no result. The error type is the vocabulary users see in the CLI,
 * the admin API and invocation records; each maps to one HTTP status.
 */
public final class FunctionFailure extends CumuloException {
  @Serial private static final long serialVersionUID = 1L;

  /** Why an invocation failed. */
  public enum Type {
    /** The handler threw, or its instance could not be created. */
    HandlerError(502),
    /** The handler ran past its timeout and was interrupted. */
    Timeout(504),
    /** Every instance was busy and the function's wait queue was full, or the wait ran out. */
    Throttled(429),
    /** No such function is deployed. */
    FunctionNotFound(404),
    /** The input is not JSON of the handler's input type. */
    InvalidInput(400),
    /** The platform cannot take the work now (event log full, shutting down). */
    Unavailable(503);

    private final int httpStatus;

    Type(int httpStatus) {
      this.httpStatus = httpStatus;
    }
  }

  private final Type type;

  public FunctionFailure(Type type, String message) {
    super(type.httpStatus, type.name(), message);
    this.type = type;
  }

  public FunctionFailure(Type type, String message, Throwable cause) {
    super(type.httpStatus, type.name(), message, cause);
    this.type = type;
  }

  public Type type() {
    return type;
  }
}
