package io.cumulo.server.cli;

import java.io.Serial;

/**
 * The root of the command line's unchecked exceptions. Its message is what the user reads after
 * {@code cumulo: }, so it says what went wrong and, where there is one, what to do about it.
 */
class CliException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
