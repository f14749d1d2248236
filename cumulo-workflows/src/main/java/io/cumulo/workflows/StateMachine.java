package io.cumulo.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.workflows.internal.Definition;
import io.cumulo.workflows.internal.DefinitionParser;
import io.cumulo.workflows.internal.JsonPaths;
import io.cumulo.workflows.internal.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated, immutable Amazon States Language definition (JSONPath dialect). Task resources name
 * Cumulo functions as {@code cumulo:function:APP/FN}.
 */
public final class StateMachine {
  private final Definition definition;
  private final String source;

  private StateMachine(Definition definition, String source) {
    this.definition = definition;
    this.source = source;
  }

  /**
   * Parses and validates a definition.
   *
   * @param json the definition's JSON text
   * @throws DefinitionException listing every problem, each with its state, field and what is wrong
   */
  public static StateMachine parse(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = JsonPaths.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new DefinitionException(
          List.of("the definition is not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null) {
      throw new DefinitionException(List.of("the definition is empty"));
    }
    List<String> problems = new ArrayList<>();
    Definition definition = DefinitionParser.parse(root, problems);
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    return new StateMachine(definition, json);
  }

  /** The name of the first state. */
  public String startAt() {
    return definition.startAt();
  }

  /** The names of the top-level states, in definition order. */
  public Set<String> stateNames() {
    return definition.states().keySet();
  }

  /**
   * A Task state and the function it runs.
   *
   * @param state the Task's name
   * @param resource {@code cumulo:function:APP/FN}
   */
  public record TaskResource(String state, String resource) {}

  /** Every Task state's resource, Parallel branches and Map processors included, in definition order. */
  public List<TaskResource> taskResources() {
    List<TaskResource> found = new ArrayList<>();
    collectTasks(definition, found);
    return List.copyOf(found);
  }

  private static void collectTasks(Definition definition, List<TaskResource> found) {
    for (State state : definition.states().values()) {
      switch (state) {
        case State.Task task -> found.add(new TaskResource(task.name(), task.resource()));
        case State.Parallel parallel -> parallel.branches().forEach(b -> collectTasks(b, found));
        case State.Map map -> collectTasks(map.processor(), found);
        default -> {}
      }
    }
  }

  /** The definition's JSON text as given to {@link #parse}, for storing next to executions. */
  public String source() {
    return source;
  }

  Definition definition() {
    return definition;
  }
}
