package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Runs executions to completion in memory, on the calling thread: tasks run one at a time through
 * the {@link TaskInvoker}, Waits and retry delays go through the {@link Sleeper}. Branches of a
 * Parallel and iterations of a Map interleave whenever one of them waits, so their waits overlap as
 * they would concurrently. It stores nothing; a durable driver makes the same calls on the {@link
 * Interpreter} and persists the {@link Execution} between them.
 */
public final class WorkflowRunner {
  private final Interpreter interpreter;
  private final TaskInvoker invoker;
  private final InstantSource clock;
  private final Sleeper sleeper;

  /**
   * @param clock the time the interpreter sees (a fake one in tests)
   * @param sleeper waits for Wait states and retry delays (one that moves the fake clock in tests)
   */
  public WorkflowRunner(
      Interpreter interpreter, TaskInvoker invoker, InstantSource clock, Sleeper sleeper) {
    this.interpreter = Objects.requireNonNull(interpreter, "interpreter");
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Starts an execution of {@code machine} and runs it to its end. */
  public Execution run(
      StateMachine machine, String executionId, JsonNode input, HistoryListener listener)
      throws InterruptedException {
    return resume(
        Execution.start(machine, executionId, executionId, input, clock.instant()), listener);
  }

  /** Runs an execution (new or restored with {@link Execution#fromJson}) to its end. */
  public Execution resume(Execution execution, HistoryListener listener)
      throws InterruptedException {
    while (true) {
      Step step = interpreter.step(execution, clock.instant());
      publish(step.events(), listener);
      switch (step) {
        case Step.Succeeded succeeded -> {
          return execution;
        }
        case Step.Failed failed -> {
          return execution;
        }
        case Step.Advanced advanced -> {}
        case Step.RunTask task -> publish(runTask(execution, task), listener);
        case Step.Idle idle -> {
          if (idle.wakeAt() == null) {
            throw new IllegalStateException(
                "execution " + execution.id() + " awaits a task this runner never handed out");
          }
          sleeper.sleepUntil(idle.wakeAt());
        }
      }
    }
  }

  private List<HistoryEvent> runTask(Execution execution, Step.RunTask task) {
    JsonNode output;
    try {
      output = invoker.invoke(task.resource(), task.input(), task.idempotencyKey(), task.timeout());
    } catch (TaskFailure failure) {
      return interpreter.failTask(
          execution, task.positionId(), failure.error(), failure.errorCause(), clock.instant());
    } catch (RuntimeException e) {
      // An invoker that breaks (rather than reporting a failure) still fails only this task.
      return interpreter.failTask(
          execution,
          task.positionId(),
          StatesErrors.TASK_FAILED,
          e.getClass().getSimpleName() + ": " + e.getMessage(),
          clock.instant());
    }
    return interpreter.completeTask(execution, task.positionId(), output, clock.instant());
  }

  private static void publish(List<HistoryEvent> events, HistoryListener listener) {
    events.forEach(listener::onEvent);
  }
}
