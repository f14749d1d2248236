package io.cumulo.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cumulo.workflows.internal.ChoiceRule;
import io.cumulo.workflows.internal.JsonPaths;
import io.cumulo.workflows.internal.PayloadTemplate;
import io.cumulo.workflows.internal.State;
import io.cumulo.workflows.internal.StatesError;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** The path and template steps of a state's data flow, failing with the spec's error names. */
final class DataFlow {
  private final RandomGenerator random;

  DataFlow(RandomGenerator random) {
    this.random = random;
  }

  /** When a Wait state entered {@code now} ends. */
  Instant waitUntil(State.Wait wait, JsonNode input, JsonNode context, Instant now) {
    if (wait.seconds() != null) {
      return now.plusSeconds(wait.seconds());
    }
    if (wait.timestamp() != null) {
      return wait.timestamp();
    }
    if (wait.secondsPath() != null) {
      JsonNode seconds = JsonPaths.read(wait.secondsPath(), input, context, StatesErrors.RUNTIME);
      if (!seconds.isIntegralNumber() || seconds.longValue() < 0) {
        throw new StatesError(
            StatesErrors.RUNTIME,
            "SecondsPath '"
                + wait.secondsPath()
                + "' of state '"
                + wait.name()
                + "' selected "
                + seconds
                + ", not a non-negative integer");
      }
      return now.plusSeconds(seconds.longValue());
    }
    JsonNode timestamp = JsonPaths.read(wait.timestampPath(), input, context, StatesErrors.RUNTIME);
    Instant until = timestamp.isTextual() ? ChoiceRule.timestamp(timestamp.textValue()) : null;
    if (until == null) {
      throw new StatesError(
          StatesErrors.RUNTIME,
          "TimestampPath '"
              + wait.timestampPath()
              + "' of state '"
              + wait.name()
              + "' selected "
              + timestamp
              + ", not an RFC 3339 timestamp");
    }
    return until;
  }

  /** InputPath, then Parameters. */
  JsonNode effectiveInput(
      String inputPath, PayloadTemplate parameters, JsonNode input, JsonNode context) {
    JsonNode effective = applyPath(inputPath, input, context);
    return parameters == null
        ? effective
        : parameters.render(effective, context, random, StatesErrors.PARAMETER_PATH_FAILURE);
  }

  /** InputPath/OutputPath: null passes {} on, "$" the whole value. */
  static JsonNode applyPath(String path, JsonNode value, JsonNode context) {
    if (path == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    return JsonPaths.read(path, value, context, StatesErrors.RUNTIME);
  }

  /** The string ErrorPath or CausePath selects. */
  String text(PayloadTemplate template, JsonNode input, JsonNode context, String field) {
    JsonNode value = template.render(input, context, random, StatesErrors.RUNTIME);
    if (!value.isTextual()) {
      throw new StatesError(StatesErrors.RUNTIME, field + " selected " + value + ", not a string");
    }
    return value.textValue();
  }
}
