package io.cumulo.workflows;

import io.cumulo.core.CumuloException;
import java.io.Serial;
import java.util.List;

/** A state machine definition is invalid; {@link #problems()} lists every problem found. */
public final class DefinitionException extends CumuloException {
  @Serial private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public DefinitionException(List<String> problems) {
    super(
        400,
        "InvalidDefinition",
        "invalid state machine definition:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * One message per problem, each naming the state and field, e.g. {@code state "A": Next "B" is
   * not a state}.
   */
  public List<String> problems() {
    return problems;
  }
}
