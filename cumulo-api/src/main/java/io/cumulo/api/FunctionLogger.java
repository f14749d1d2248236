package io.cumulo.api;

/**
 * Writes lines to the function's log stream ({@code cumulo logs APP/FN}). Each line carries a
 * timestamp, the level and the invocation id. Lines longer than 16 KiB are truncated.
 */
public interface FunctionLogger {

  /** Logs a line at INFO. */
  void info(String message);

  /** Logs a line at WARN. */
  void warn(String message);

  /** Logs a line at ERROR, followed by the throwable's class, message and stack trace. */
  void error(String message, Throwable error);

  /** Logs a line at ERROR. */
  default void error(String message) {
    error(message, null);
  }
}
