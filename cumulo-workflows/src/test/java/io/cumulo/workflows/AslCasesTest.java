package io.cumulo.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table-driven suite: every case in {@code src/test/resources/asl-cases/*.json} runs a
 * definition on an input with scripted tasks and checks the output or error, the task calls and the
 * sleeps. Each runs twice: straight through, and with the execution stored as JSON and restored
 * after every step, as a durable driver would.
 *
 * <p>A case has {@code name}, {@code definition}, {@code input}, optional {@code tasks} (see {@link
 * ScriptedTasks}), and checks: {@code expectedOutput}, {@code expectedError} ({@code error},
 * optional {@code cause} substring), {@code expectedCalls} (per resource), {@code
 * expectedTaskInputs} (per resource, in order), {@code expectedSleepsSeconds}, {@code
 * expectedElapsedSeconds}.
 */
class AslCasesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CASES = Path.of("src/test/resources/asl-cases");

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(CASES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        if (file.getFileName().toString().startsWith("invalid")) {
          continue;
        }
        for (JsonNode testCase : JSON.readTree(file.toFile())) {
          String name =
              file.getFileName().toString().replace(".json", "")
                  + ": "
                  + testCase.get("name").asText();
          cases.add(Arguments.of(name, testCase, false));
          cases.add(Arguments.of(name + " (restored after every step)", testCase, true));
        }
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> invalidDefinitions() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = Files.newInputStream(CASES.resolve("invalid-definitions.json"))) {
      for (JsonNode testCase : JSON.readTree(in)) {
        cases.add(Arguments.of(testCase.get("name").asText(), testCase));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void producesTheSpecifiedOutcome_whenRunningTheCase(
      String name, JsonNode testCase, boolean restoreEveryStep) throws Exception {
    StateMachine machine = StateMachine.parse(testCase.get("definition").toString());
    FakeClock clock = new FakeClock();
    ScriptedTasks tasks = new ScriptedTasks(testCase.get("tasks"));
    Interpreter interpreter = new Interpreter(new SplittableRandom(42));
    JsonNode input = testCase.has("input") ? testCase.get("input") : JSON.createObjectNode();
    Execution execution = Execution.start(machine, "exec-1", "exec-1", input, clock.instant());

    Execution finished =
        restoreEveryStep
            ? runRestoringEveryStep(interpreter, tasks, clock, execution)
            : new WorkflowRunner(interpreter, tasks, clock, clock)
                .resume(execution, HistoryListener.none());

    if (testCase.has("expectedError")) {
      JsonNode expected = testCase.get("expectedError");
      assertThat(finished.status())
          .as("status (output %s)", finished.output())
          .isEqualTo(Execution.Status.FAILED);
      assertThat(finished.error())
          .as("error (cause %s)", finished.cause())
          .isEqualTo(expected.get("error").asText());
      if (expected.has("cause")) {
        assertThat(finished.cause()).contains(expected.get("cause").asText());
      }
    } else {
      assertThat(finished.status())
          .as("status (%s: %s)", finished.error(), finished.cause())
          .isEqualTo(Execution.Status.SUCCEEDED);
      assertThat(finished.output()).isEqualTo(testCase.get("expectedOutput"));
    }
    if (testCase.has("expectedCalls")) {
      Map<String, Integer> expected =
          JSON.convertValue(
              testCase.get("expectedCalls"),
              JSON.getTypeFactory().constructMapType(Map.class, String.class, Integer.class));
      assertThat(tasks.counts()).isEqualTo(expected);
    }
    if (testCase.has("expectedTaskInputs")) {
      JsonNode inputs = JSON.valueToTree(tasks.inputs());
      assertThat(inputs).isEqualTo(testCase.get("expectedTaskInputs"));
    }
    if (testCase.has("expectedSleepsSeconds")) {
      List<Double> expected = new ArrayList<>();
      testCase.get("expectedSleepsSeconds").forEach(s -> expected.add(s.asDouble()));
      assertThat(clock.sleeps().stream().map(d -> d.toMillis() / 1000.0).toList())
          .isEqualTo(expected);
    }
    if (testCase.has("expectedElapsedSeconds")) {
      assertThat(clock.elapsed())
          .isEqualTo(Duration.ofSeconds(testCase.get("expectedElapsedSeconds").asLong()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDefinitions")
  void reportsEveryProblem_whenTheDefinitionIsInvalid(String name, JsonNode testCase) {
    String definition =
        testCase.get("definition").isTextual()
            ? testCase.get("definition").textValue()
            : testCase.get("definition").toString();
    assertThatThrownBy(() -> StateMachine.parse(definition))
        .isInstanceOfSatisfying(
            DefinitionException.class,
            e -> {
              for (JsonNode expected : testCase.get("expectedProblems")) {
                assertThat(e.problems())
                    .as("problems")
                    .anySatisfy(problem -> assertThat(problem).contains(expected.asText()));
              }
              if (testCase.has("problemCount")) {
                assertThat(e.problems()).hasSize(testCase.get("problemCount").asInt());
              }
            });
  }

  /** A durable driver in miniature: the execution lives only as JSON between steps. */
  private static Execution runRestoringEveryStep(
      Interpreter interpreter, ScriptedTasks tasks, FakeClock clock, Execution start) {
    StateMachine machine = start.machine();
    JsonNode stored = start.toJson();
    while (true) {
      Execution execution = Execution.recover(machine, stored);
      Step step = interpreter.step(execution, clock.instant());
      stored = execution.toJson();
      switch (step) {
        case Step.Succeeded s -> {
          return Execution.fromJson(machine, stored);
        }
        case Step.Failed f -> {
          return Execution.fromJson(machine, stored);
        }
        case Step.Advanced a -> {}
        case Step.Idle idle -> clock.sleepUntil(idle.wakeAt());
        case Step.RunTask task -> {
          Execution restored = Execution.fromJson(machine, stored);
          try {
            JsonNode output =
                tasks.invoke(task.resource(), task.input(), task.idempotencyKey(), task.timeout());
            interpreter.completeTask(restored, task.positionId(), output, clock.instant());
          } catch (TaskFailure failure) {
            interpreter.failTask(
                restored,
                task.positionId(),
                failure.error(),
                failure.errorCause(),
                clock.instant());
          }
          stored = restored.toJson();
        }
      }
    }
  }
}
