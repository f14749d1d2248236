package io.cumulo.workflows.durable;

import io.cumulo.core.CumuloException;
import io.cumulo.core.manifest.Trigger;
import io.cumulo.core.runtime.EventTarget;
import io.cumulo.core.runtime.FunctionFailure;
import io.cumulo.core.runtime.InvocationRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A workflow as the target of its triggers ({@code APP/workflow:NAME}): each event starts one
 * execution with the event as input. The execution's id derives from the event id, so an event
 * delivered twice finds the execution it started the first time instead of starting another.
 */
final class WorkflowTarget implements EventTarget {
  private final DurableWorkflows workflows;
  private final String app;
  private final String workflow;
  private final List<Trigger> triggers;

  WorkflowTarget(DurableWorkflows workflows, String app, String workflow, List<Trigger> triggers) {
    this.workflows = workflows;
    this.app = app;
    this.workflow = workflow;
    this.triggers = List.copyOf(triggers);
  }

  /** The target name triggers deliver to. */
  static String name(String app, String workflow) {
    return app + "/workflow:" + workflow;
  }

  @Override
  public List<Trigger> triggers() {
    return triggers;
  }

  @Override
  public void deliver(byte[] payload, InvocationRequest request) {
    try {
      workflows.startForEvent(app, workflow, request.invocationId(), new String(payload, StandardCharsets.UTF_8));
    } catch (FunctionFailure failure) {
      throw failure;
    } catch (CumuloException e) {
      FunctionFailure.Type type = switch (e.httpStatus()) {
        case 429 -> FunctionFailure.Type.Throttled;
        case 404 -> FunctionFailure.Type.FunctionNotFound;
        case 400 -> FunctionFailure.Type.InvalidInput;
        default -> FunctionFailure.Type.Unavailable;
      };
      throw new FunctionFailure(type, e.getMessage());
    }
  }
}
