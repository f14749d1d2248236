package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task invoker that answers each resource from a script: a list of responses used in turn (the
 * last one repeats), each {@code {"output": ...}}, {@code {"error": "X", "cause": "..."}} or {@code
 * {"echo": true}} (returns the input). It records every call.
 */
final class ScriptedTasks implements TaskInvoker {
  /** One call as the engine made it. */
  record Call(String resource, JsonNode input, String idempotencyKey, Duration timeout) {}

  private final JsonNode script;
  private final Map<String, Integer> calls = new HashMap<>();
  private final List<Call> log = new ArrayList<>();

  ScriptedTasks(JsonNode script) {
    this.script = script;
  }

  @Override
  public JsonNode invoke(String resource, JsonNode input, String idempotencyKey, Duration timeout) {
    log.add(new Call(resource, input, idempotencyKey, timeout));
    JsonNode responses = script == null ? null : script.get(resource);
    if (responses == null || responses.isEmpty()) {
      throw new AssertionError("the test scripts no response for " + resource);
    }
    int call = calls.merge(resource, 1, Integer::sum) - 1;
    JsonNode response = responses.get(Math.min(call, responses.size() - 1));
    if (response.has("error")) {
      throw new TaskFailure(response.get("error").asText(), response.path("cause").asText(""));
    }
    if (response.path("echo").asBoolean(false)) {
      return input;
    }
    return response.get("output");
  }

  /** How many times each resource was called. */
  Map<String, Integer> counts() {
    return calls;
  }

  /** The inputs each resource was called with, in order. */
  Map<String, List<JsonNode>> inputs() {
    Map<String, List<JsonNode>> inputs = new LinkedHashMap<>();
    log.forEach(
        call -> inputs.computeIfAbsent(call.resource(), r -> new ArrayList<>()).add(call.input()));
    return inputs;
  }

  List<Call> log() {
    return log;
  }
}
