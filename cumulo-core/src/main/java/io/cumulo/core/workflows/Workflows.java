package io.cumulo.core.workflows;

import java.util.List;

/**
 * Starts, stops and shows the workflow executions of deployed apps: what the admin API and the
 * {@code cumulo workflow} commands use. Errors are {@code CumuloException}s carrying their HTTP
 * status: 404 for an unknown workflow or execution, 400 for bad input, 429 when this node runs as
 * many executions as it may.
 */
public interface Workflows {

  /**
   * Starts an execution; returns once it is durably stored (it then runs in the background).
   *
   * @param name the execution's name, or null for a generated one; starting the same name of the
   *     same workflow again with the same input returns the execution already started
   * @param inputJson the input, a JSON text
   */
  ExecutionRecord start(String app, String workflow, String name, String inputJson);

  /** An execution by id; 404 when there is none. */
  ExecutionRecord describe(String id);

  /**
   * Executions of an app, newest first.
   *
   * @param workflow only this workflow's, or null for all
   * @param status only those with this status ({@code RUNNING}, ...), or null for any
   * @param limit at most this many (1 to 1000)
   */
  List<ExecutionRecord> list(String app, String workflow, String status, int limit);

  /** An execution's history after {@code afterSequence} (0 for all), at most {@code limit} events. */
  List<HistoryEntry> history(String id, long afterSequence, int limit);

  /**
   * Stops a running execution: it ends as {@code ABORTED} with error {@code Stopped}; returns it as
   * stored afterwards. An execution that has already ended is returned as it is.
   *
   * @param cause why, recorded as the error's cause (may be empty)
   */
  ExecutionRecord stop(String id, String cause);
}
