package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The whole state of one run of a {@link StateMachine}: identity, input, the positions of all its
 * strands (nested Parallel branches and Map iterations included), retry counters and outcome. Only
 * the {@link Interpreter} changes it. {@link #toJson()} and {@link #fromJson} round-trip all of it,
 * so a caller that stores the JSON after every {@link Step} can resume after a crash.
 */
public final class Execution {
  /** Where an execution is. */
  public enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped from outside with {@link Interpreter#abort}. */
    ABORTED
  }

  private final StateMachine machine;
  private final String id;
  private final String name;
  private final JsonNode input;
  private final Instant startTime;
  final Position root;
  Status status = Status.RUNNING;
  boolean started;
  JsonNode output;
  String error;
  String cause;

  private Execution(
      StateMachine machine,
      String id,
      String name,
      JsonNode input,
      Instant startTime,
      Position root) {
    this.machine = machine;
    this.id = id;
    this.name = name;
    this.input = input;
    this.startTime = startTime;
    this.root = root;
  }

  /**
   * A new execution at its StartAt state; the first {@link Interpreter#step} enters it.
   *
   * @param id unique among all executions, part of every idempotency key
   * @param name a display name (often equal to id)
   */
  public static Execution start(
      StateMachine machine, String id, String name, JsonNode input, Instant startTime) {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(input, "input");
    Position root = new Position("", machine.definition(), input, Position.Phase.ENTERING);
    root.enteredTime = startTime;
    return new Execution(machine, id, name == null ? id : name, input, startTime, root);
  }

  /**
   * Rebuilds an execution after a restart: as {@link #fromJson}, and every task that was handed out
   * but not reported is handed out again by the next {@link Interpreter#step}, with the same
   * idempotency key.
   */
  public static Execution recover(StateMachine machine, JsonNode json) {
    Execution execution = fromJson(machine, json);
    execution.root.requeueRunningTasks();
    return execution;
  }

  /**
   * Rebuilds an execution exactly as {@link #toJson()} stored it, tasks in flight included (their
   * results can still be reported). Use {@link #recover} after a restart instead.
   */
  public static Execution fromJson(StateMachine machine, JsonNode json) {
    Execution execution =
        new Execution(
            machine,
            json.get("id").textValue(),
            json.get("name").textValue(),
            json.get("input"),
            Instant.parse(json.get("startTime").textValue()),
            Position.fromJson(json.get("root"), machine.definition()));
    execution.status = Status.valueOf(json.get("status").textValue());
    execution.started = json.get("started").booleanValue();
    execution.output =
        json.get("output").isNull() && execution.status != Status.SUCCEEDED
            ? null
            : json.get("output");
    execution.error = json.get("error").isNull() ? null : json.get("error").textValue();
    execution.cause = json.get("cause").isNull() ? null : json.get("cause").textValue();
    return execution;
  }

  /** Everything needed to resume, for {@link #fromJson} and {@link #recover}. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", id);
    json.put("name", name);
    json.set("input", input);
    json.put("startTime", startTime.toString());
    json.put("status", status.name());
    json.put("started", started);
    json.set("output", output);
    json.put("error", error);
    json.put("cause", cause);
    json.set("root", root.toJson());
    return json;
  }

  public StateMachine machine() {
    return machine;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public JsonNode input() {
    return input;
  }

  public Instant startTime() {
    return startTime;
  }

  public Status status() {
    return status;
  }

  /** The output once {@link Status#SUCCEEDED}, else null. */
  public JsonNode output() {
    return output;
  }

  /** The error name once {@link Status#FAILED} or {@link Status#ABORTED}, else null. */
  public String error() {
    return error;
  }

  /** The error's cause once {@link Status#FAILED}, else null. */
  public String cause() {
    return cause;
  }
}
