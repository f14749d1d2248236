package io.cumulo.core.manifest;

import java.util.List;

/**
 * One workflow of an app: an Amazon States Language state machine whose Task states run the app's
 * functions ({@code cumulo:function:APP/FN}), started on demand or by triggers.
 *
 * @param name the workflow's name within its app (same rules as app names)
 * @param definition the path of the {@code .asl.json} definition, relative to the app folder
 * @param triggers what starts an execution by itself (bucket, schedule and table triggers, as
 *     for functions); the event becomes the execution's input
 */
public record WorkflowSpec(String name, String definition, List<Trigger> triggers) {
  /** The most workflows one app may declare. */
  public static final int MAX_WORKFLOWS = 50;

  public WorkflowSpec {
    triggers = List.copyOf(triggers);
  }
}
