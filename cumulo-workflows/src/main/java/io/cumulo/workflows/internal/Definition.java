package io.cumulo.workflows.internal;

import java.time.Duration;
import java.util.Map;

/**
 * A validated set of states: the whole machine, a Parallel branch or a Map's item processor.
 *
 * @param startAt the first state
 * @param states by name, in definition order
 * @param timeout TimeoutSeconds of the whole machine, or null (only set at the top level)
 */
public record Definition(String startAt, Map<String, State> states, Duration timeout) {
  /** The state named {@code name}; validation guarantees every transition names one. */
  public State state(String name) {
    State state = states.get(name);
    if (state == null) {
      throw new IllegalArgumentException("no state named " + name);
    }
    return state;
  }
}
