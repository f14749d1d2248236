package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.workflows.internal.Definition;
import io.cumulo.workflows.internal.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where one strand of an execution is: the top level, a Parallel branch or a Map iteration. It is
 * mutable and changed only by the {@link Interpreter}; {@link #toJson()} captures all of it, so a
 * persisted position resumes exactly where it stopped.
 */
final class Position {
  /** What the position is doing. */
  enum Phase {
    /** A Map iteration not started yet (MaxConcurrency holds it back). */
    NOT_STARTED,
    /** About to enter {@link #stateName}. */
    ENTERING,
    /** A Task's invocation is due (again, after a restart). */
    TASK_READY,
    /** A Task's invocation was handed out and its result is awaited. */
    TASK_RUNNING,
    /** A Wait state waits until {@link #wakeAt}. */
    WAITING,
    /** A failed state is retried at {@link #wakeAt}. */
    RETRY_BACKOFF,
    /** A Parallel or Map state waits for its {@link #children}. */
    BRANCHES,
    /** The strand reached its end; {@link #output} holds its output. */
    SUCCEEDED,
    /** The strand failed with {@link #error} and {@link #cause}. */
    FAILED
  }

  final String id;
  final Definition definition;
  String stateName;
  JsonNode input;
  Instant enteredTime;
  long visits;
  int retryCount;
  int[] retrierAttempts;
  Phase phase;
  Instant wakeAt;
  JsonNode effectiveInput;
  List<Position> children = List.of();
  JsonNode output;
  String error;
  String cause;

  Position(String id, Definition definition, JsonNode input, Phase phase) {
    this.id = id;
    this.definition = definition;
    this.stateName = definition.startAt();
    this.input = input;
    this.phase = phase;
    this.retrierAttempts = new int[State.retriersOf(state()).size()];
  }

  State state() {
    return definition.state(stateName);
  }

  boolean finished() {
    return phase == Phase.SUCCEEDED || phase == Phase.FAILED;
  }

  /** The position with {@code positionId} in this subtree, or null. */
  Position find(String positionId) {
    if (id.equals(positionId)) {
      return this;
    }
    for (Position child : children) {
      if (positionId.startsWith(child.id)) {
        Position found = child.find(positionId);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Moves to {@code next}, resetting what belongs to one state visit. */
  void moveTo(String next, JsonNode nextInput, Instant now) {
    stateName = next;
    input = nextInput;
    enteredTime = now;
    visits++;
    retryCount = 0;
    retrierAttempts = new int[State.retriersOf(state()).size()];
    phase = Phase.ENTERING;
    wakeAt = null;
    effectiveInput = null;
    children = List.of();
  }

  /** Makes every task handed out in this subtree due again (after a restart lost them). */
  void requeueRunningTasks() {
    if (phase == Phase.TASK_RUNNING) {
      phase = Phase.TASK_READY;
    }
    children.forEach(Position::requeueRunningTasks);
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", id);
    json.put("state", stateName);
    json.set("input", input);
    json.put("enteredTime", enteredTime == null ? null : enteredTime.toString());
    json.put("visits", visits);
    json.put("retryCount", retryCount);
    ArrayNode attempts = json.putArray("retrierAttempts");
    Arrays.stream(retrierAttempts).forEach(attempts::add);
    json.put("phase", phase.name());
    json.put("wakeAt", wakeAt == null ? null : wakeAt.toString());
    json.set("effectiveInput", effectiveInput);
    ArrayNode childArray = json.putArray("children");
    children.forEach(child -> childArray.add(child.toJson()));
    json.set("output", output);
    json.put("error", error);
    json.put("cause", cause);
    return json;
  }

  /** Rebuilds a position; {@code definition} is the one its parent state runs it with. */
  static Position fromJson(JsonNode json, Definition definition) {
    Position position =
        new Position(json.get("id").textValue(), definition, json.get("input"), Phase.ENTERING);
    position.stateName = json.get("state").textValue();
    position.enteredTime = instant(json.get("enteredTime"));
    position.visits = json.get("visits").longValue();
    position.retryCount = json.get("retryCount").intValue();
    JsonNode attempts = json.get("retrierAttempts");
    position.retrierAttempts = new int[attempts.size()];
    for (int i = 0; i < attempts.size(); i++) {
      position.retrierAttempts[i] = attempts.get(i).intValue();
    }
    position.phase = Phase.valueOf(json.get("phase").textValue());
    position.wakeAt = instant(json.get("wakeAt"));
    position.effectiveInput = nullable(json.get("effectiveInput"));
    position.output = nullable(json.get("output"));
    position.error = text(json.get("error"));
    position.cause = text(json.get("cause"));
    JsonNode children = json.get("children");
    if (!children.isEmpty()) {
      List<Position> restored = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        Definition childDefinition =
            switch (position.state()) {
              case State.Parallel parallel -> parallel.branches().get(i);
              case State.Map map -> map.processor();
              default ->
                  throw new IllegalArgumentException(
                      "state " + position.stateName + " has no branches, but children were stored");
            };
        restored.add(fromJson(children.get(i), childDefinition));
      }
      position.children = restored;
    }
    return position;
  }

  private static Instant instant(JsonNode node) {
    return node == null || node.isNull() ? null : Instant.parse(node.textValue());
  }

  private static JsonNode nullable(JsonNode node) {
    return node == null || node.isMissingNode() ? null : node;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.textValue();
  }
}
