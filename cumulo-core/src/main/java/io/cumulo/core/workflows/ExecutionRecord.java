package io.cumulo.core.workflows;

import java.time.Instant;

/**
 * One workflow execution as stored.
 *
 * @param id the execution's id (unique across apps)
 * @param app the app
 * @param workflow the workflow's name within the app
 * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code ABORTED}
 * @param definition the ASL definition it runs (kept, so a redeploy does not change running executions)
 * @param input the execution's input, JSON text
 * @param output the output once succeeded, JSON text, else null
 * @param error the error name once failed or aborted, else null
 * @param cause the error's cause, else null
 * @param startedAt when it started
 * @param stoppedAt when it ended, or null while running
 * @param state the engine's serialised state, JSON text: everything needed to resume
 */
public record ExecutionRecord(String id, String app, String workflow, String status, String definition,
    String input, String output, String error, String cause, Instant startedAt, Instant stoppedAt, String state) {
  public static final String RUNNING = "RUNNING";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
  public static final String ABORTED = "ABORTED";

  /** Whether the execution has ended. */
  public boolean finished() {
    return !status.equals(RUNNING);
  }
}
