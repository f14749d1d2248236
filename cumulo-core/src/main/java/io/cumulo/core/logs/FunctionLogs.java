package io.cumulo.core.logs;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The log streams of functions ({@code cumulo logs APP/FN}). Writes are buffered and cheap; they
 * are not fsynced, since logs are diagnostics rather than acknowledged data.
 */
public interface FunctionLogs extends AutoCloseable {

  /** Appends a line to a function's stream. Messages over 16 KiB are truncated. */
  void append(String function, String invocationId, String level, String message);

  /** Lines of a function at or after {@code since}, oldest first, at most the newest {@code limit}. */
  List<LogLine> read(String function, Instant since, int limit);

  /**
   * Calls {@code listener} with each line appended to the function's stream from now on, on the
   * appending thread (so it must be quick) until the returned handle is closed.
   */
  AutoCloseable follow(String function, Consumer<LogLine> listener);

  @Override
  void close();
}
