package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.workflows.StatesErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses the Retry and Catch rules of Task, Parallel and Map states. */
final class ErrorRuleParser {
  private static final Set<String> RETRY_FIELDS =
      Set.of(
          "ErrorEquals",
          "IntervalSeconds",
          "MaxAttempts",
          "BackoffRate",
          "MaxDelaySeconds",
          "JitterStrategy",
          "Comment");

  private final List<String> problems;
  private final FieldReader fields;

  ErrorRuleParser(List<String> problems, FieldReader fields) {
    this.problems = problems;
    this.fields = fields;
  }

  List<State.Retrier> retry(JsonNode node, String where) {
    JsonNode retry = node.get("Retry");
    if (retry == null) {
      return List.of();
    }
    if (!retry.isArray()) {
      problems.add(where + "Retry must be an array");
      return List.of();
    }
    List<State.Retrier> retriers = new ArrayList<>();
    for (int i = 0; i < retry.size(); i++) {
      String ruleWhere = where + "Retry " + (i + 1) + " ";
      JsonNode rule = retry.get(i);
      List<String> errors = errorEquals(rule, ruleWhere, i == retry.size() - 1);
      rule.fieldNames()
          .forEachRemaining(
              field -> {
                if (!RETRY_FIELDS.contains(field)) {
                  problems.add(ruleWhere + "has unknown field \"" + field + "\"");
                }
              });
      double interval = number(rule, "IntervalSeconds", ruleWhere, 1, 1, true);
      double maxAttempts = number(rule, "MaxAttempts", ruleWhere, 3, 0, true);
      double backoff = number(rule, "BackoffRate", ruleWhere, 2.0, 1, false);
      double maxDelay = number(rule, "MaxDelaySeconds", ruleWhere, 0, 1, true);
      JsonNode jitter = rule.get("JitterStrategy");
      if (jitter != null
          && !(jitter.isTextual() && Set.of("FULL", "NONE").contains(jitter.textValue()))) {
        problems.add(ruleWhere + "JitterStrategy must be FULL or NONE, was " + jitter);
      }
      retriers.add(
          new State.Retrier(
              errors,
              interval,
              (int) maxAttempts,
              backoff,
              maxDelay,
              jitter != null && "FULL".equals(jitter.textValue())));
    }
    return List.copyOf(retriers);
  }

  List<State.Catcher> catchers(JsonNode node, String where) {
    JsonNode catchNode = node.get("Catch");
    if (catchNode == null) {
      return List.of();
    }
    if (!catchNode.isArray()) {
      problems.add(where + "Catch must be an array");
      return List.of();
    }
    List<State.Catcher> catchers = new ArrayList<>();
    for (int i = 0; i < catchNode.size(); i++) {
      String ruleWhere = where + "Catch " + (i + 1) + " ";
      JsonNode rule = catchNode.get(i);
      List<String> errors = errorEquals(rule, ruleWhere, i == catchNode.size() - 1);
      JsonNode next = rule.get("Next");
      if (next == null || !next.isTextual()) {
        problems.add(ruleWhere + "has no Next");
      }
      catchers.add(
          new State.Catcher(
              errors,
              next == null ? null : next.asText(),
              fields.referencePath(rule, "ResultPath", ruleWhere)));
    }
    return List.copyOf(catchers);
  }

  private List<String> errorEquals(JsonNode rule, String where, boolean last) {
    JsonNode errors = rule.get("ErrorEquals");
    if (errors == null || !errors.isArray() || errors.isEmpty()) {
      problems.add(where + "has no ErrorEquals (a non-empty array of error names)");
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (JsonNode error : errors) {
      if (!error.isTextual()) {
        problems.add(where + "ErrorEquals must hold strings, has " + error);
        continue;
      }
      String name = error.textValue();
      if (name.startsWith("States.") && !StatesErrors.PREDEFINED.contains(name)) {
        problems.add(where + "ErrorEquals names unknown predefined error \"" + name + "\"");
      }
      names.add(name);
    }
    if (names.contains(StatesErrors.ALL) && (names.size() > 1 || !last)) {
      problems.add(where + "uses States.ALL, which must be alone in the last rule's ErrorEquals");
    }
    return List.copyOf(names);
  }

  private double number(
      JsonNode rule, String field, String where, double fallback, double min, boolean integer) {
    JsonNode value = rule.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isNumber() || (integer && !value.isIntegralNumber()) || value.doubleValue() < min) {
      problems.add(
          where
              + field
              + " must be "
              + (integer ? "an integer" : "a number")
              + " >= "
              + (integer ? String.valueOf((long) min) : String.valueOf(min))
              + ", was "
              + value);
      return fallback;
    }
    return value.doubleValue();
  }
}
