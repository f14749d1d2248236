package io.cumulo.core.workflows;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where workflow executions and their histories are kept (embedded: SQLite; distributed:
 * PostgreSQL). Every transition is saved before the engine acts on it, so after a crash each
 * running execution resumes from its last saved state. Saves from many executions are committed
 * together (group commit), which is what makes thousands of durable transitions per second
 * possible.
 */
public interface WorkflowStore {

  /**
   * Stores a new execution with its first history events; durable when the future completes.
   *
   * @throws IllegalArgumentException (through the future) when the id is taken
   */
  CompletableFuture<Void> create(ExecutionRecord execution, List<HistoryEntry> history);

  /**
   * Replaces a running execution's status, outcome and state and appends history events, in one
   * transaction; durable when the future completes. The history's sequences continue the stored ones.
   */
  CompletableFuture<Void> save(ExecutionRecord execution, List<HistoryEntry> history);

  /** An execution by id. */
  Optional<ExecutionRecord> get(String id);

  /**
   * Executions of an app (and workflow, when not null), newest first, at most {@code limit}.
   *
   * @param status only those with this status, or null for any
   */
  List<ExecutionRecord> list(String app, String workflow, String status, int limit);

  /** Every execution still running: what the engine resumes at start. */
  List<ExecutionRecord> running();

  /** An execution's history after {@code afterSequence}, in order, at most {@code limit} events. */
  List<HistoryEntry> history(String id, long afterSequence, int limit);
}
