package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.workflows.Position.Phase;
import io.cumulo.workflows.internal.JsonPaths;
import io.cumulo.workflows.internal.PayloadTemplate;
import io.cumulo.workflows.internal.State;
import io.cumulo.workflows.internal.StatesError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Advances an {@link Execution} one explicit step at a time. It does no I/O and never blocks: tasks
 * and waits are handed back to the caller as {@link Step}s, and task results come back through
 * {@link #completeTask} and {@link #failTask}. A durable driver persists the execution after every
 * call; an in-memory one is {@link WorkflowRunner}.
 *
 * <p>Strands (Parallel branches, Map iterations) advance in definition order, one transition per
 * step; a strand that waits for a task or a time lets the next one advance, so a driver that runs
 * tasks concurrently gets concurrent branches.
 */
public final class Interpreter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final RandomGenerator random;
  private final DataFlow dataFlow;

  /**
   * @param random the source for retry jitter, States.UUID and unseeded States.MathRandom (seed it
   *     in tests)
   */
  public Interpreter(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    this.dataFlow = new DataFlow(random);
  }

  /**
   * Makes one transition, or reports why none can be made now.
   *
   * @param now the current time, for Wait states, retry delays and TimeoutSeconds
   */
  public Step step(Execution execution, Instant now) {
    List<HistoryEvent> events = new ArrayList<>();
    switch (execution.status) {
      case SUCCEEDED -> {
        return new Step.Succeeded(List.of(), execution.output);
      }
      case FAILED, ABORTED -> {
        return new Step.Failed(List.of(), execution.error, execution.cause);
      }
      case RUNNING -> {}
    }
    if (!execution.started) {
      execution.started = true;
      events.add(
          event(
              HistoryEvent.Type.EXECUTION_STARTED,
              execution.root,
              null,
              now,
              "input",
              execution.input()));
      return new Step.Advanced(events);
    }
    Duration timeout = execution.machine().definition().timeout();
    if (timeout != null && !now.isBefore(execution.startTime().plus(timeout))) {
      return finish(
          execution,
          null,
          StatesErrors.TIMEOUT,
          "The execution ran longer than its TimeoutSeconds of " + timeout.toSeconds(),
          now,
          events);
    }
    Step step = advance(execution, execution.root, now, events);
    return switch (execution.root.phase) {
      case SUCCEEDED -> finish(execution, execution.root.output, null, null, now, events);
      case FAILED ->
          finish(execution, null, execution.root.error, execution.root.cause, now, events);
      default ->
          timeout != null && step instanceof Step.Idle idle
              ? wakeByDeadline(idle, execution.startTime().plus(timeout))
              : step;
    };
  }

  /**
   * Reports the result of a {@link Step.RunTask}.
   *
   * @return the events of the resulting transition
   * @throws IllegalStateException when no task is awaited at {@code positionId}
   */
  public List<HistoryEvent> completeTask(
      Execution execution, String positionId, JsonNode result, Instant now) {
    Position position = awaitingTask(execution, positionId);
    State.Task task = (State.Task) position.state();
    List<HistoryEvent> events = new ArrayList<>();
    events.add(event(HistoryEvent.Type.TASK_SUCCEEDED, position, task, now, "output", result));
    JsonNode context = ContextObject.of(execution, position);
    try {
      JsonNode selected =
          task.resultSelector() == null
              ? result
              : task.resultSelector()
                  .render(result, context, random, StatesErrors.PARAMETER_PATH_FAILURE);
      finishState(
          position,
          task.resultPath(),
          task.outputPath(),
          task.next(),
          selected,
          context,
          now,
          events);
    } catch (StatesError e) {
      handleError(position, task, e.error(), e.cause(), now, events);
    }
    return events;
  }

  /**
   * Reports the failure of a {@link Step.RunTask}; the Task's Retry and Catch rules apply.
   *
   * @return the events of the resulting transition
   * @throws IllegalStateException when no task is awaited at {@code positionId}
   */
  public List<HistoryEvent> failTask(
      Execution execution, String positionId, String error, String cause, Instant now) {
    Position position = awaitingTask(execution, positionId);
    List<HistoryEvent> events = new ArrayList<>();
    events.add(
        errorEvent(HistoryEvent.Type.TASK_FAILED, position, position.state(), now, error, cause));
    handleError(position, position.state(), error, cause, now, events);
    return events;
  }

  /**
   * Stops a running execution (the {@code stop} command): it ends as {@link
   * Execution.Status#ABORTED}; results of tasks still running are refused afterwards.
   *
   * @param error the error name to record, e.g. {@code Stopped}
   * @param cause why, as given by whoever stopped it
   * @return the events to record; none when the execution had already ended
   */
  public List<HistoryEvent> abort(Execution execution, String error, String cause, Instant now) {
    if (execution.status != Execution.Status.RUNNING) {
      return List.of();
    }
    execution.status = Execution.Status.ABORTED;
    execution.error = error;
    execution.cause = cause;
    return List.of(
        errorEvent(HistoryEvent.Type.EXECUTION_ABORTED, execution.root, null, now, error, cause));
  }

  private Position awaitingTask(Execution execution, String positionId) {
    Position position = execution.root.find(positionId);
    if (execution.status != Execution.Status.RUNNING
        || position == null
        || (position.phase != Phase.TASK_RUNNING && position.phase != Phase.TASK_READY)) {
      throw new IllegalStateException(
          "execution " + execution.id() + " awaits no task at position '" + positionId + "'");
    }
    return position;
  }

  /** An idle execution wakes no later than its TimeoutSeconds, to fail then. */
  private static Step wakeByDeadline(Step.Idle idle, Instant deadline) {
    return idle.wakeAt() == null || idle.wakeAt().isAfter(deadline)
        ? new Step.Idle(idle.events(), deadline)
        : idle;
  }

  private Step finish(
      Execution execution,
      JsonNode output,
      String error,
      String cause,
      Instant now,
      List<HistoryEvent> events) {
    if (error == null) {
      execution.status = Execution.Status.SUCCEEDED;
      execution.output = output;
      events.add(
          event(
              HistoryEvent.Type.EXECUTION_SUCCEEDED, execution.root, null, now, "output", output));
      return new Step.Succeeded(events, output);
    }
    execution.status = Execution.Status.FAILED;
    execution.error = error;
    execution.cause = cause;
    events.add(
        errorEvent(HistoryEvent.Type.EXECUTION_FAILED, execution.root, null, now, error, cause));
    return new Step.Failed(events, error, cause);
  }

  private Step advance(
      Execution execution, Position position, Instant now, List<HistoryEvent> events) {
    return switch (position.phase) {
      case ENTERING -> enter(execution, position, now, events, false);
      case TASK_READY -> dispatch(execution, position, (State.Task) position.state(), now, events);
      case TASK_RUNNING, NOT_STARTED, SUCCEEDED, FAILED -> new Step.Idle(events, null);
      case WAITING -> {
        if (now.isBefore(position.wakeAt)) {
          yield new Step.Idle(events, position.wakeAt);
        }
        State.Wait wait = (State.Wait) position.state();
        JsonNode context = ContextObject.of(execution, position);
        try {
          exit(
              position,
              wait,
              wait.next(),
              DataFlow.applyPath(wait.outputPath(), position.effectiveInput, context),
              now,
              events);
        } catch (StatesError e) {
          fail(position, wait, e.error(), e.cause(), now, events);
        }
        yield new Step.Advanced(events);
      }
      case RETRY_BACKOFF -> {
        if (now.isBefore(position.wakeAt)) {
          yield new Step.Idle(events, position.wakeAt);
        }
        yield enter(execution, position, now, events, true);
      }
      case BRANCHES -> advanceBranches(execution, position, now, events);
    };
  }

  private Step enter(
      Execution execution,
      Position position,
      Instant now,
      List<HistoryEvent> events,
      boolean retrying) {
    State state = position.state();
    if (!retrying) {
      events.add(
          event(HistoryEvent.Type.STATE_ENTERED, position, state, now, "input", position.input));
    }
    position.wakeAt = null;
    JsonNode context = ContextObject.of(execution, position);
    try {
      switch (state) {
        case State.Pass pass -> {
          JsonNode effective =
              dataFlow.effectiveInput(pass.inputPath(), pass.parameters(), position.input, context);
          JsonNode result = pass.result() != null ? pass.result() : effective;
          finishState(
              position,
              pass.resultPath(),
              pass.outputPath(),
              pass.next(),
              result,
              context,
              now,
              events);
        }
        case State.Task task -> {
          position.effectiveInput =
              dataFlow.effectiveInput(task.inputPath(), task.parameters(), position.input, context);
          return dispatch(execution, position, task, now, events);
        }
        case State.Choice choice -> {
          JsonNode effective = DataFlow.applyPath(choice.inputPath(), position.input, context);
          String next = choice.defaultNext();
          for (State.Choice.Rule rule : choice.choices()) {
            if (rule.rule().test(effective, context)) {
              next = rule.next();
              break;
            }
          }
          if (next == null) {
            throw new StatesError(
                StatesErrors.NO_CHOICE_MATCHED,
                "No Choice rule of state '" + choice.name() + "' matched and it has no Default");
          }
          exit(
              position,
              choice,
              next,
              DataFlow.applyPath(choice.outputPath(), effective, context),
              now,
              events);
        }
        case State.Wait wait -> {
          position.effectiveInput = DataFlow.applyPath(wait.inputPath(), position.input, context);
          position.wakeAt = dataFlow.waitUntil(wait, position.effectiveInput, context, now);
          position.phase = Phase.WAITING;
        }
        case State.Parallel parallel -> {
          JsonNode effective =
              dataFlow.effectiveInput(
                  parallel.inputPath(), parallel.parameters(), position.input, context);
          List<Position> children = new ArrayList<>();
          for (int i = 0; i < parallel.branches().size(); i++) {
            Position child =
                new Position(
                    childId(position, i), parallel.branches().get(i), effective, Phase.ENTERING);
            child.enteredTime = now;
            children.add(child);
          }
          position.children = children;
          position.phase = Phase.BRANCHES;
        }
        case State.Map map -> startIterations(execution, position, map, context, now);
        case State.Succeed succeed -> {
          JsonNode effective = DataFlow.applyPath(succeed.inputPath(), position.input, context);
          exit(
              position,
              succeed,
              null,
              DataFlow.applyPath(succeed.outputPath(), effective, context),
              now,
              events);
        }
        case State.Fail failState -> {
          String error =
              failState.errorPath() == null
                  ? failState.error()
                  : dataFlow.text(failState.errorPath(), position.input, context, "ErrorPath");
          String cause =
              failState.causePath() == null
                  ? failState.cause()
                  : dataFlow.text(failState.causePath(), position.input, context, "CausePath");
          fail(
              position,
              failState,
              error == null ? "" : error,
              cause == null ? "" : cause,
              now,
              events);
        }
      }
    } catch (StatesError e) {
      handleError(position, state, e.error(), e.cause(), now, events);
    }
    return new Step.Advanced(events);
  }

  private void startIterations(
      Execution execution, Position position, State.Map map, JsonNode context, Instant now) {
    JsonNode effective = DataFlow.applyPath(map.inputPath(), position.input, context);
    JsonNode items = DataFlow.applyPath(map.itemsPath(), effective, context);
    if (!items.isArray()) {
      throw new StatesError(
          StatesErrors.RUNTIME,
          "ItemsPath '"
              + map.itemsPath()
              + "' of state '"
              + map.name()
              + "' selected "
              + items
              + ", not an array");
    }
    List<Position> children = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      JsonNode itemInput = item;
      if (map.itemSelector() != null) {
        JsonNode itemContext = ContextObject.forMapItem(execution, position, i, item);
        itemInput =
            map.itemSelector()
                .render(effective, itemContext, random, StatesErrors.PARAMETER_PATH_FAILURE);
      }
      children.add(
          new Position(childId(position, i), map.processor(), itemInput, Phase.NOT_STARTED));
    }
    position.children = children;
    position.phase = Phase.BRANCHES;
  }

  private Step advanceBranches(
      Execution execution, Position position, Instant now, List<HistoryEvent> events) {
    State state = position.state();
    for (Position child : position.children) {
      if (child.phase == Phase.FAILED) {
        handleError(position, state, child.error, child.cause, now, events);
        return new Step.Advanced(events);
      }
    }
    if (position.children.stream().allMatch(child -> child.phase == Phase.SUCCEEDED)) {
      ArrayNode results = NODES.arrayNode();
      position.children.forEach(child -> results.add(child.output));
      JsonNode context = ContextObject.of(execution, position);
      State.Branching branching = (State.Branching) state;
      PayloadTemplate selector = branching.resultSelector();
      try {
        JsonNode selected =
            selector == null
                ? results
                : selector.render(results, context, random, StatesErrors.PARAMETER_PATH_FAILURE);
        finishState(
            position,
            branching.resultPath(),
            state.outputPath(),
            branching.next(),
            selected,
            context,
            now,
            events);
      } catch (StatesError e) {
        handleError(position, state, e.error(), e.cause(), now, events);
      }
      return new Step.Advanced(events);
    }
    int maxConcurrency = state instanceof State.Map map ? map.maxConcurrency() : 0;
    long active =
        position.children.stream()
            .filter(child -> child.phase != Phase.NOT_STARTED && !child.finished())
            .count();
    Instant earliest = null;
    for (Position child : position.children) {
      if (child.finished()) {
        continue;
      }
      if (child.phase == Phase.NOT_STARTED) {
        if (maxConcurrency > 0 && active >= maxConcurrency) {
          continue;
        }
        child.phase = Phase.ENTERING;
        child.enteredTime = now;
        active++;
      }
      Step step = advance(execution, child, now, events);
      if (!(step instanceof Step.Idle idle)) {
        return step;
      }
      if (idle.wakeAt() != null && (earliest == null || idle.wakeAt().isBefore(earliest))) {
        earliest = idle.wakeAt();
      }
    }
    return new Step.Idle(events, earliest);
  }

  private Step dispatch(
      Execution execution,
      Position position,
      State.Task task,
      Instant now,
      List<HistoryEvent> events) {
    position.phase = Phase.TASK_RUNNING;
    String key =
        execution.id()
            + ":"
            + position.id
            + "/"
            + task.name()
            + "#"
            + position.visits
            + "."
            + position.retryCount;
    events.add(
        event(
            HistoryEvent.Type.TASK_SCHEDULED,
            position,
            task,
            now,
            "resource",
            NODES.textNode(task.resource()),
            "input",
            position.effectiveInput,
            "idempotencyKey",
            NODES.textNode(key)));
    return new Step.RunTask(
        events,
        position.id,
        task.resource(),
        position.effectiveInput,
        key,
        task.timeout(),
        task.heartbeat());
  }

  private void finishState(
      Position position,
      String resultPath,
      String outputPath,
      String next,
      JsonNode result,
      JsonNode context,
      Instant now,
      List<HistoryEvent> events) {
    JsonNode combined =
        resultPath == null ? position.input : JsonPaths.write(position.input, resultPath, result);
    exit(
        position,
        position.state(),
        next,
        DataFlow.applyPath(outputPath, combined, context),
        now,
        events);
  }

  private void exit(
      Position position,
      State state,
      String next,
      JsonNode output,
      Instant now,
      List<HistoryEvent> events) {
    events.add(event(HistoryEvent.Type.STATE_EXITED, position, state, now, "output", output));
    if (next == null) {
      position.phase = Phase.SUCCEEDED;
      position.output = output;
      position.children = List.of();
    } else {
      position.moveTo(next, output, now);
    }
  }

  private void handleError(
      Position position,
      State state,
      String error,
      String cause,
      Instant now,
      List<HistoryEvent> events) {
    position.children = List.of();
    List<State.Retrier> retriers = State.retriersOf(state);
    for (int i = 0; i < retriers.size(); i++) {
      State.Retrier retrier = retriers.get(i);
      if (retrier.matches(error)) {
        if (position.retrierAttempts[i] < retrier.maxAttempts()) {
          Duration delay = retrier.delay(position.retrierAttempts[i], random);
          position.retrierAttempts[i]++;
          position.retryCount++;
          position.phase = Phase.RETRY_BACKOFF;
          position.wakeAt = now.plus(delay);
          events.add(
              event(
                  HistoryEvent.Type.STATE_RETRY_SCHEDULED,
                  position,
                  state,
                  now,
                  "error",
                  NODES.textNode(error),
                  "cause",
                  NODES.textNode(cause),
                  "retryAt",
                  NODES.textNode(position.wakeAt.toString())));
          return;
        }
        break;
      }
    }
    for (State.Catcher catcher : State.catchersOf(state)) {
      if (catcher.matches(error)) {
        ObjectNode errorOutput = NODES.objectNode().put("Error", error).put("Cause", cause);
        try {
          JsonNode output =
              catcher.resultPath() == null
                  ? position.input
                  : JsonPaths.write(position.input, catcher.resultPath(), errorOutput);
          exit(position, state, catcher.next(), output, now, events);
        } catch (StatesError e) {
          fail(position, state, e.error(), e.cause(), now, events);
        }
        return;
      }
    }
    fail(position, state, error, cause, now, events);
  }

  private void fail(
      Position position,
      State state,
      String error,
      String cause,
      Instant now,
      List<HistoryEvent> events) {
    events.add(errorEvent(HistoryEvent.Type.STATE_FAILED, position, state, now, error, cause));
    position.phase = Phase.FAILED;
    position.error = error;
    position.cause = cause;
    position.children = List.of();
  }

  private static String childId(Position parent, int index) {
    return parent.id + "/" + parent.stateName + "#" + parent.visits + "[" + index + "]";
  }

  private static HistoryEvent errorEvent(
      HistoryEvent.Type type,
      Position position,
      State state,
      Instant now,
      String error,
      String cause) {
    return event(
        type, position, state, now, "error", NODES.textNode(error), "cause", NODES.textNode(cause));
  }

  private static HistoryEvent event(
      HistoryEvent.Type type, Position position, State state, Instant now, Object... details) {
    ObjectNode detail = NODES.objectNode();
    for (int i = 0; i < details.length; i += 2) {
      detail.set((String) details[i], (JsonNode) details[i + 1]);
    }
    return new HistoryEvent(type, now, position.id, state == null ? null : state.name(), detail);
  }
}
