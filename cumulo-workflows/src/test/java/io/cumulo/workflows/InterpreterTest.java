package io.cumulo.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The step protocol a durable driver relies on: keys, restarts, events, jitter, randomness. */
class InterpreterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String FN = "cumulo:function:app/fn";

  private final Interpreter interpreter = new Interpreter(new SplittableRandom(7));

  @Test
  void handsOutTheSameIdempotencyKeyAgain_whenRestoredWhileATaskRuns() {
    StateMachine machine = StateMachine.parse(oneTask(""));
    Execution execution = Execution.start(machine, "e1", "e1", JSON.createObjectNode(), T0);
    Step.RunTask first = runUntilTask(execution);

    Execution restored = Execution.recover(machine, execution.toJson());
    Step.RunTask again = runUntilTask(restored);

    assertThat(again.idempotencyKey()).isEqualTo(first.idempotencyKey());
    assertThat(again.positionId()).isEqualTo(first.positionId());
    assertThat(again.input()).isEqualTo(first.input());
  }

  @Test
  void doesNotHandOutARunningTaskAgain_whenRestoredWithoutRecovery() {
    StateMachine machine = StateMachine.parse(oneTask(""));
    Execution execution = Execution.start(machine, "e1", "e1", JSON.createObjectNode(), T0);
    Step.RunTask task = runUntilTask(execution);

    Execution reloaded = Execution.fromJson(machine, execution.toJson());

    assertThat(interpreter.step(reloaded, T0))
        .isInstanceOfSatisfying(Step.Idle.class, idle -> assertThat(idle.wakeAt()).isNull());
    interpreter.completeTask(reloaded, task.positionId(), JSON.createObjectNode().put("r", 1), T0);
    assertThat(interpreter.step(reloaded, T0)).isInstanceOf(Step.Succeeded.class);
  }

  @Test
  void handsOutANewIdempotencyKey_whenTheTaskIsRetried() {
    StateMachine machine =
        StateMachine.parse(
            oneTask(", \"Retry\": [{\"ErrorEquals\": [\"X\"], \"IntervalSeconds\": 2}]"));
    Execution execution = Execution.start(machine, "e1", "e1", JSON.createObjectNode(), T0);
    Step.RunTask first = runUntilTask(execution);
    interpreter.failTask(execution, first.positionId(), "X", "boom", T0);

    assertThat(interpreter.step(execution, T0.plusSeconds(1)))
        .isInstanceOfSatisfying(
            Step.Idle.class, idle -> assertThat(idle.wakeAt()).isEqualTo(T0.plusSeconds(2)));
    Step.RunTask retry = (Step.RunTask) interpreter.step(execution, T0.plusSeconds(2));

    assertThat(retry.idempotencyKey()).isNotEqualTo(first.idempotencyKey()).startsWith("e1:");
  }

  @Test
  void resumesAWaitAtItsDeadline_whenRestoredFromJson() {
    StateMachine machine =
        StateMachine.parse(
            """
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
             "Done": {"Type": "Pass", "Result": "woke", "End": true}}}\
            """);
    Execution execution = Execution.start(machine, "e1", "e1", JSON.createObjectNode(), T0);
    interpreter.step(execution, T0);
    interpreter.step(execution, T0);
    JsonNode stored = execution.toJson();

    Execution restored = Execution.fromJson(machine, stored);
    Step beforeDeadline = interpreter.step(restored, T0.plusSeconds(60));
    assertThat(beforeDeadline)
        .isInstanceOfSatisfying(
            Step.Idle.class, idle -> assertThat(idle.wakeAt()).isEqualTo(T0.plusSeconds(3600)));

    Step step;
    do {
      step = interpreter.step(restored, T0.plusSeconds(3600));
    } while (step instanceof Step.Advanced);
    assertThat(step)
        .isInstanceOfSatisfying(
            Step.Succeeded.class, done -> assertThat(done.output().textValue()).isEqualTo("woke"));
  }

  @Test
  void restoresEveryBranchPosition_whenStoredInTheMiddleOfAParallel() {
    StateMachine machine =
        StateMachine.parse(
            """
            {"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "cumulo:function:app/a", "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 10, "Next": "B2"},
                                          "B2": {"Type": "Pass", "Result": "b", "End": true}}}]}}}\
            """);
    Execution execution = Execution.start(machine, "e1", "e1", JSON.createObjectNode(), T0);
    Step.RunTask task = runUntilTask(execution);

    Execution restored = Execution.fromJson(machine, execution.toJson());
    assertThat(restored.toJson()).isEqualTo(execution.toJson());
    interpreter.completeTask(restored, task.positionId(), JSON.getNodeFactory().textNode("a"), T0);
    Step step = interpreter.step(restored, T0);
    while (!(step instanceof Step.Succeeded)) {
      Instant now = step instanceof Step.Idle idle ? idle.wakeAt() : T0.plusSeconds(10);
      step = interpreter.step(restored, now);
    }
    assertThat(restored.output()).isEqualTo(JSON.createArrayNode().add("a").add("b"));
  }

  @Test
  void reportsEveryStateWithInputAndOutput_inTheHistory() throws Exception {
    StateMachine machine =
        StateMachine.parse(
            """
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "T"},
              "T": {"Type": "Task", "Resource": "cumulo:function:app/fn", "ResultPath": "$.t", "End": true}}}\
            """);
    List<HistoryEvent> events = new ArrayList<>();
    FakeClock clock = new FakeClock();
    new WorkflowRunner(
            interpreter,
            (resource, input, key, timeout) -> JSON.getNodeFactory().textNode("done"),
            clock,
            clock)
        .run(machine, "e1", JSON.readTree("{\"x\": 0}"), events::add);

    assertThat(events)
        .extracting(HistoryEvent::type, HistoryEvent::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(HistoryEvent.Type.EXECUTION_STARTED, null),
            org.assertj.core.groups.Tuple.tuple(HistoryEvent.Type.STATE_ENTERED, "A"),
            org.assertj.core.groups.Tuple.tuple(HistoryEvent.Type.STATE_EXITED, "A"),
            org.assertj.core.groups.Tuple.tuple(HistoryEvent.Type.STATE_ENTERED, "T"),
            org.assertj.core.groups.Tuple.tuple(HistoryEvent.Type.TASK_SCHEDULED, "T"),
            org.assertj.core.groups.Tuple.tuple(HistoryEvent.Type.TASK_SUCCEEDED, "T"),
            org.assertj.core.groups.Tuple.tuple(HistoryEvent.Type.STATE_EXITED, "T"),
            org.assertj.core.groups.Tuple.tuple(HistoryEvent.Type.EXECUTION_SUCCEEDED, null));
    assertThat(events.get(1).detail().get("input")).isEqualTo(JSON.readTree("{\"x\": 0}"));
    assertThat(events.get(2).detail().get("output"))
        .isEqualTo(JSON.readTree("{\"x\": 0, \"a\": 1}"));
    assertThat(events.get(6).detail().get("output"))
        .isEqualTo(JSON.readTree("{\"x\": 0, \"a\": 1, \"t\": \"done\"}"));
  }

  @Test
  void waitsARandomShareOfTheBackoff_whenJitterIsFull() throws Exception {
    StateMachine machine =
        StateMachine.parse(
            oneTask(
                ", \"Retry\": [{\"ErrorEquals\": [\"X\"], \"IntervalSeconds\": 10, \"MaxAttempts\":"
                    + " 3, \"BackoffRate\": 2, \"JitterStrategy\": \"FULL\"}]"));
    FakeClock clock = new FakeClock();
    TaskInvoker failing =
        (resource, input, key, timeout) -> {
          throw new TaskFailure("X", "boom");
        };
    Execution execution =
        new WorkflowRunner(interpreter, failing, clock, clock)
            .run(machine, "e1", JSON.createObjectNode(), HistoryListener.none());

    assertThat(execution.error()).isEqualTo("X");
    List<Duration> ceilings =
        List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40));
    assertThat(clock.sleeps()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(clock.sleeps().get(i)).isLessThanOrEqualTo(ceilings.get(i));
    }
    assertThat(clock.sleeps()).isNotEqualTo(ceilings);
  }

  @Test
  void producesVersion4Uuids_andSeededRandomNumbers() throws Exception {
    StateMachine machine =
        StateMachine.parse(
            """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Parameters": {
              "id.$": "States.UUID()", "seeded.$": "States.MathRandom(0, 1000000, 12345)",
              "unseeded.$": "States.MathRandom(10, 20)"}}}}\
            """);
    FakeClock clock = new FakeClock();
    WorkflowRunner runner =
        new WorkflowRunner(
            new Interpreter(new SplittableRandom(1)), (r, i, k, t) -> i, clock, clock);
    JsonNode first =
        runner.run(machine, "e1", JSON.createObjectNode(), HistoryListener.none()).output();
    JsonNode second =
        new WorkflowRunner(
                new Interpreter(new SplittableRandom(2)), (r, i, k, t) -> i, clock, clock)
            .run(machine, "e2", JSON.createObjectNode(), HistoryListener.none())
            .output();

    assertThat(first.get("id").textValue())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(first.get("id")).isNotEqualTo(second.get("id"));
    assertThat(first.get("seeded")).isEqualTo(second.get("seeded"));
    assertThat(first.get("unseeded").intValue()).isBetween(10, 19);
  }

  @Test
  void failsOnlyTheTask_whenTheInvokerThrowsUnexpectedly() throws Exception {
    StateMachine machine =
        StateMachine.parse(
            oneTask(", \"Catch\": [{\"ErrorEquals\": [\"States.TaskFailed\"], \"Next\": \"H\"}]")
                .replace(
                    "\"End\": true}}",
                    "\"End\": true}, \"H\": {\"Type\": \"Pass\", \"End\": true}}"));
    FakeClock clock = new FakeClock();
    TaskInvoker broken =
        (resource, input, key, timeout) -> {
          throw new IllegalStateException("connection reset");
        };
    Execution execution =
        new WorkflowRunner(interpreter, broken, clock, clock)
            .run(machine, "e1", JSON.createObjectNode(), HistoryListener.none());

    assertThat(execution.output().get("Error").textValue()).isEqualTo(StatesErrors.TASK_FAILED);
    assertThat(execution.output().get("Cause").textValue()).contains("connection reset");
  }

  @Test
  void passesTimeoutSecondsToTheInvoker() throws Exception {
    StateMachine machine =
        StateMachine.parse(oneTask(", \"TimeoutSeconds\": 30, \"HeartbeatSeconds\": 10"));
    Execution execution = Execution.start(machine, "e1", "e1", JSON.createObjectNode(), T0);

    Step.RunTask task = runUntilTask(execution);

    assertThat(task.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(task.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    assertThat(task.resource()).isEqualTo(FN);
  }

  @Test
  void refusesAResult_whenNoTaskIsAwaitedThere() {
    StateMachine machine = StateMachine.parse(oneTask(""));
    Execution execution = Execution.start(machine, "e1", "e1", JSON.createObjectNode(), T0);

    assertThatThrownBy(
            () -> interpreter.completeTask(execution, "/Nope#0[0]", JSON.createObjectNode(), T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("awaits no task");
  }

  @Test
  void keepsReportingTheOutcome_whenSteppedAfterTheEnd() {
    StateMachine machine =
        StateMachine.parse("{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Succeed\"}}}");
    Execution execution =
        Execution.start(machine, "e1", "e1", JSON.createObjectNode().put("k", 1), T0);
    Step step;
    do {
      step = interpreter.step(execution, T0);
    } while (step instanceof Step.Advanced);

    Step after = interpreter.step(Execution.fromJson(machine, execution.toJson()), T0);

    assertThat(after)
        .isInstanceOfSatisfying(
            Step.Succeeded.class,
            done -> {
              assertThat(done.output()).isEqualTo(JSON.createObjectNode().put("k", 1));
              assertThat(done.events()).isEmpty();
            });
  }

  @Test
  void refusesTheTaskResult_whenTheExecutionWasAborted() {
    StateMachine machine = StateMachine.parse(oneTask(""));
    Execution execution = Execution.start(machine, "e1", "e1", JSON.createObjectNode(), T0);
    Step.RunTask task = runUntilTask(execution);

    List<HistoryEvent> events = interpreter.abort(execution, "Stopped", "by the operator", T0);

    assertThat(events)
        .extracting(HistoryEvent::type)
        .containsExactly(HistoryEvent.Type.EXECUTION_ABORTED);
    Execution restored = Execution.fromJson(machine, execution.toJson());
    assertThat(restored.status()).isEqualTo(Execution.Status.ABORTED);
    assertThat(interpreter.step(restored, T0)).isInstanceOf(Step.Failed.class);
    assertThatThrownBy(
            () ->
                interpreter.completeTask(restored, task.positionId(), JSON.createObjectNode(), T0))
        .isInstanceOf(IllegalStateException.class);
  }

  private Step.RunTask runUntilTask(Execution execution) {
    for (int i = 0; i < 100; i++) {
      Step step = interpreter.step(execution, T0);
      if (step instanceof Step.RunTask task) {
        return task;
      }
      assertThat(step).isInstanceOf(Step.Advanced.class);
    }
    throw new AssertionError("no task handed out in 100 steps");
  }

  private static String oneTask(String extraFields) {
    return "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \""
        + FN
        + "\""
        + extraFields
        + ", \"End\": true}}}";
  }
}
