package io.cumulo.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateMachineTest {
  @Test
  void exposesStartAndStates_whenTheDefinitionIsValid() {
    String json =
        """
        {"Comment": "resize", "StartAt": "Resize", "States": {
          "Resize": {"Type": "Task", "Resource": "cumulo:function:photos/resize", "Next": "Done"},
          "Done": {"Type": "Succeed"}}}\
        """;

    StateMachine machine = StateMachine.parse(json);

    assertThat(machine.startAt()).isEqualTo("Resize");
    assertThat(machine.stateNames()).containsExactly("Resize", "Done");
    assertThat(machine.source()).isEqualTo(json);
  }

  @Test
  void answersBadRequestWithEveryProblemInTheMessage_whenInvalid() {
    String json =
        """
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}}\
        """;

    assertThatThrownBy(() -> StateMachine.parse(json))
        .isInstanceOfSatisfying(
            DefinitionException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("InvalidDefinition");
              assertThat(e.problems())
                  .containsExactly(
                      "state \"A\": Next \"B\" is not a state",
                      "state \"C\" is not reachable from StartAt \"A\"");
              assertThat(e.getMessage()).contains(e.problems());
            });
  }
}
