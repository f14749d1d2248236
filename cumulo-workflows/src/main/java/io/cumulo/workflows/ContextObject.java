package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the {@code $$} context object that paths and intrinsics can read. */
final class ContextObject {
  private ContextObject() {}

  /** Execution and State fields for the state {@code position} is in. */
  static ObjectNode of(Execution execution, Position position) {
    ObjectNode context = JsonNodeFactory.instance.objectNode();
    context
        .putObject("Execution")
        .put("Id", execution.id())
        .put("Name", execution.name())
        .put("StartTime", execution.startTime().toString())
        .set("Input", execution.input());
    context
        .putObject("State")
        .put("Name", position.stateName)
        .put("EnteredTime", position.enteredTime == null ? null : position.enteredTime.toString())
        .put("RetryCount", position.retryCount);
    return context;
  }

  /** As {@link #of}, plus {@code Map.Item.Index} and {@code Map.Item.Value} for an ItemSelector. */
  static ObjectNode forMapItem(Execution execution, Position position, int index, JsonNode item) {
    ObjectNode context = of(execution, position);
    context.putObject("Map").putObject("Item").put("Index", index).set("Value", item);
    return context;
  }
}
