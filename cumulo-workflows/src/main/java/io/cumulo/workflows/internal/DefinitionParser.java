package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.workflows.StatesErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a definition's JSON into a {@link Definition}, collecting every problem (with the state,
 * the field and what is wrong) instead of stopping at the first.
 */
public final class DefinitionParser {
  /** {@code cumulo:function:APP/FN}: app and function names as the manifest allows them. */
  private static final Pattern RESOURCE =
      Pattern.compile("cumulo:function:[a-z0-9][a-z0-9-]{0,62}/[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private static final Set<String> TYPES =
      Set.of("Task", "Pass", "Choice", "Wait", "Parallel", "Map", "Succeed", "Fail");

  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "Task",
          Set.of("Type", "Comment", "Next", "End", "InputPath", "OutputPath", "ResultPath",
              "Parameters", "ResultSelector", "Resource", "TimeoutSeconds", "HeartbeatSeconds",
              "Retry", "Catch"),
          "Pass",
          Set.of("Type", "Comment", "Next", "End", "InputPath", "OutputPath", "ResultPath",
              "Parameters", "Result"),
          "Choice",
          Set.of("Type", "Comment", "Choices", "Default", "InputPath", "OutputPath"),
          "Wait",
          Set.of("Type", "Comment", "Next", "End", "InputPath", "OutputPath", "Seconds",
              "Timestamp", "SecondsPath", "TimestampPath"),
          "Parallel",
          Set.of("Type", "Comment", "Next", "End", "InputPath", "OutputPath", "ResultPath",
              "Parameters", "ResultSelector", "Branches", "Retry", "Catch"),
          "Map",
          Set.of("Type", "Comment", "Next", "End", "InputPath", "OutputPath", "ResultPath",
              "Parameters", "ItemSelector", "ResultSelector", "ItemsPath", "MaxConcurrency",
              "Iterator", "ItemProcessor", "Retry", "Catch", "Label"),
          "Succeed",
          Set.of("Type", "Comment", "InputPath", "OutputPath"),
          "Fail",
          Set.of("Type", "Comment", "Error", "Cause", "ErrorPath", "CausePath"));

  private final List<String> problems = new ArrayList<>();

  private DefinitionParser() {}

  /**
   * Parses a whole state machine.
   *
   * @return the definition, or null when {@code problems} received at least one message
   */
  public static Definition parse(JsonNode root, List<String> problems) {
    DefinitionParser parser = new DefinitionParser();
    Definition definition = parser.definition(root, "", true);
    problems.addAll(parser.problems);
    return parser.problems.isEmpty() ? definition : null;
  }

  private Definition definition(JsonNode root, String prefix, boolean topLevel) {
    if (!root.isObject()) {
      problems.add(prefix + "the definition must be a JSON object");
      return null;
    }
    Set<String> allowed =
        topLevel
            ? Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds")
            : Set.of("StartAt", "States", "Comment", "ProcessorConfig");
    root.fieldNames().forEachRemaining(field -> {
      if (!allowed.contains(field)) {
        problems.add(prefix + "field \"" + field + "\" is not allowed here");
      }
    });
    JsonNode states = root.get("States");
    Map<String, State> parsed = new LinkedHashMap<>();
    if (states == null || !states.isObject() || states.isEmpty()) {
      problems.add(prefix + "States is missing or not a non-empty object");
    } else {
      for (Map.Entry<String, JsonNode> entry : states.properties()) {
        State state = state(entry.getKey(), entry.getValue(), prefix + "state \"" + entry.getKey() + "\": ");
        if (state != null) {
          parsed.put(entry.getKey(), state);
        }
      }
    }
    JsonNode startAt = root.get("StartAt");
    String start = null;
    if (startAt == null || !startAt.isTextual()) {
      problems.add(prefix + "StartAt is missing or not a string");
    } else {
      start = startAt.textValue();
      if (states != null && states.isObject() && !states.has(start)) {
        problems.add(prefix + "StartAt \"" + start + "\" is not a state");
      }
    }
    if (states != null && states.isObject()) {
      checkTransitions(states, parsed, prefix);
      if (start != null && states.has(start)) {
        checkReachable(start, parsed, states, prefix);
      }
    }
    Duration timeout = topLevel ? seconds(root, "TimeoutSeconds", prefix) : null;
    return new Definition(start, Collections.unmodifiableMap(parsed), timeout);
  }

  private State state(String name, JsonNode node, String where) {
    if (!node.isObject()) {
      problems.add(where + "must be a JSON object");
      return null;
    }
    JsonNode typeNode = node.get("Type");
    if (typeNode == null || !typeNode.isTextual() || !TYPES.contains(typeNode.textValue())) {
      problems.add(where + "Type " + (typeNode == null ? "is missing" : typeNode + " is not one of " + new java.util.TreeSet<>(TYPES)));
      return null;
    }
    String type = typeNode.textValue();
    node.fieldNames().forEachRemaining(field -> {
      if (!FIELDS.get(type).contains(field)) {
        problems.add(where + "field \"" + field + "\" is not allowed in a " + type + " state");
      }
    });
    String next = type.equals("Choice") || type.equals("Succeed") || type.equals("Fail") ? null : next(node, where);
    String inputPath = path(node, "InputPath", where);
    String outputPath = path(node, "OutputPath", where);
    return switch (type) {
      case "Task" -> task(name, node, where, inputPath, outputPath, next);
      case "Pass" ->
          new State.Pass(name, inputPath, outputPath, template(node, "Parameters", where),
              node.get("Result"), referencePath(node, "ResultPath", where), next);
      case "Choice" -> choice(name, node, where, inputPath, outputPath);
      case "Wait" -> waitState(name, node, where, inputPath, outputPath, next);
      case "Parallel" -> parallel(name, node, where, inputPath, outputPath, next);
      case "Map" -> map(name, node, where, inputPath, outputPath, next);
      case "Succeed" -> new State.Succeed(name, inputPath, outputPath);
      case "Fail" -> fail(name, node, where);
      default -> throw new IllegalStateException(type);
    };
  }

  private State task(String name, JsonNode node, String where, String inputPath, String outputPath, String next) {
    JsonNode resource = node.get("Resource");
    if (resource == null || !resource.isTextual()) {
      problems.add(where + "Resource is missing or not a string");
    } else if (!RESOURCE.matcher(resource.textValue()).matches()) {
      problems.add(where + "Resource \"" + resource.textValue()
          + "\" is not of the form cumulo:function:APP/FN");
    }
    Duration timeout = seconds(node, "TimeoutSeconds", where);
    Duration heartbeat = seconds(node, "HeartbeatSeconds", where);
    if (timeout != null && heartbeat != null && heartbeat.compareTo(timeout) >= 0) {
      problems.add(where + "HeartbeatSeconds must be smaller than TimeoutSeconds");
    }
    return new State.Task(name, inputPath, outputPath, template(node, "Parameters", where),
        template(node, "ResultSelector", where), referencePath(node, "ResultPath", where), next,
        resource == null ? null : resource.asText(), timeout, heartbeat, retry(node, where),
        catchers(node, where));
  }

  private State choice(String name, JsonNode node, String where, String inputPath, String outputPath) {
    JsonNode choices = node.get("Choices");
    List<State.Choice.Rule> rules = new ArrayList<>();
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      problems.add(where + "Choices is missing or not a non-empty array");
    } else {
      for (int i = 0; i < choices.size(); i++) {
        String ruleWhere = where + "Choice rule " + (i + 1);
        JsonNode rule = choices.get(i);
        JsonNode next = rule.get("Next");
        if (next == null || !next.isTextual()) {
          problems.add(ruleWhere + " has no Next");
        }
        ChoiceRule parsed = rule(rule, ruleWhere, true);
        rules.add(new State.Choice.Rule(parsed, next == null ? null : next.asText()));
      }
    }
    JsonNode defaultNext = node.get("Default");
    if (defaultNext != null && !defaultNext.isTextual()) {
      problems.add(where + "Default must be a state name");
    }
    return new State.Choice(name, inputPath, outputPath, List.copyOf(rules),
        defaultNext == null ? null : defaultNext.asText());
  }

  private ChoiceRule rule(JsonNode node, String where, boolean topLevel) {
    if (!node.isObject()) {
      problems.add(where + " must be a JSON object");
      return null;
    }
    if (!topLevel && node.has("Next")) {
      problems.add(where + " is nested and must not have Next");
    }
    List<String> operators = new ArrayList<>();
    node.fieldNames().forEachRemaining(field -> {
      if (ChoiceRule.OPERATORS.containsKey(field) || ChoiceRule.TYPE_TESTS.contains(field)
          || field.equals("And") || field.equals("Or") || field.equals("Not")) {
        operators.add(field);
      } else if (!field.equals("Variable") && !field.equals("Next") && !field.equals("Comment")) {
        problems.add(where + " has unknown field \"" + field + "\"");
      }
    });
    if (operators.size() != 1) {
      problems.add(where + " must have exactly one comparison operator, And, Or or Not; has "
          + (operators.isEmpty() ? "none" : String.join(", ", operators)));
      return null;
    }
    String operator = operators.getFirst();
    JsonNode value = node.get(operator);
    if (operator.equals("And") || operator.equals("Or")) {
      if (!value.isArray() || value.isEmpty()) {
        problems.add(where + " " + operator + " must be a non-empty array of rules");
        return null;
      }
      List<ChoiceRule> nested = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        nested.add(rule(value.get(i), where + " " + operator + "[" + (i + 1) + "]", false));
      }
      return operator.equals("And") ? new ChoiceRule.And(nested) : new ChoiceRule.Or(nested);
    }
    if (operator.equals("Not")) {
      return new ChoiceRule.Not(rule(value, where + " Not", false));
    }
    JsonNode variable = node.get("Variable");
    if (variable == null || !variable.isTextual() || !JsonPaths.isPath(variable.textValue())) {
      problems.add(where + " Variable is missing or not a valid JSONPath");
      return null;
    }
    if (ChoiceRule.TYPE_TESTS.contains(operator)) {
      if (!value.isBoolean()) {
        problems.add(where + " " + operator + " must be true or false");
        return null;
      }
      return new ChoiceRule.TypeTest(variable.textValue(), operator, value.booleanValue());
    }
    if (operator.endsWith("Path")) {
      if (!value.isTextual() || !JsonPaths.isPath(value.textValue())) {
        problems.add(where + " " + operator + " must be a valid JSONPath, was " + value);
        return null;
      }
      return new ChoiceRule.Comparison(variable.textValue(), operator, null, value.textValue());
    }
    String type = ChoiceRule.OPERATORS.get(operator);
    boolean typeOk = switch (type) {
      case "String" -> value.isTextual();
      case "Numeric" -> value.isNumber();
      case "Boolean" -> value.isBoolean();
      default -> value.isTextual() && ChoiceRule.timestamp(value.textValue()) != null;
    };
    if (!typeOk) {
      problems.add(where + " " + operator + " needs a " + type.toLowerCase(java.util.Locale.ROOT)
          + " value, was " + value);
      return null;
    }
    return new ChoiceRule.Comparison(variable.textValue(), operator, value, null);
  }

  private State waitState(String name, JsonNode node, String where, String inputPath, String outputPath, String next) {
    List<String> given = new ArrayList<>();
    for (String field : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
      if (node.has(field)) {
        given.add(field);
      }
    }
    if (given.size() != 1) {
      problems.add(where + "a Wait needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; has "
          + (given.isEmpty() ? "none" : String.join(" and ", given)));
    }
    Long seconds = null;
    JsonNode secondsNode = node.get("Seconds");
    if (secondsNode != null) {
      if (!secondsNode.canConvertToLong() || !secondsNode.isIntegralNumber() || secondsNode.longValue() < 0) {
        problems.add(where + "Seconds must be a non-negative integer, was " + secondsNode);
      } else {
        seconds = secondsNode.longValue();
      }
    }
    Instant timestamp = null;
    JsonNode timestampNode = node.get("Timestamp");
    if (timestampNode != null) {
      timestamp = timestampNode.isTextual() ? ChoiceRule.timestamp(timestampNode.textValue()) : null;
      if (timestamp == null) {
        problems.add(where + "Timestamp must be an RFC 3339 timestamp, was " + timestampNode);
      }
    }
    String secondsPath = node.has("SecondsPath") ? path(node, "SecondsPath", where) : null;
    String timestampPath = node.has("TimestampPath") ? path(node, "TimestampPath", where) : null;
    return new State.Wait(name, inputPath, outputPath, next, seconds, timestamp, secondsPath, timestampPath);
  }

  private State parallel(String name, JsonNode node, String where, String inputPath, String outputPath, String next) {
    JsonNode branches = node.get("Branches");
    List<Definition> parsed = new ArrayList<>();
    if (branches == null || !branches.isArray() || branches.isEmpty()) {
      problems.add(where + "Branches is missing or not a non-empty array");
    } else {
      for (int i = 0; i < branches.size(); i++) {
        parsed.add(definition(branches.get(i), where + "branch " + (i + 1) + ": ", false));
      }
    }
    return new State.Parallel(name, inputPath, outputPath, template(node, "Parameters", where),
        template(node, "ResultSelector", where), referencePath(node, "ResultPath", where), next,
        List.copyOf(parsed.stream().filter(java.util.Objects::nonNull).toList()),
        retry(node, where), catchers(node, where));
  }

  private State map(String name, JsonNode node, String where, String inputPath, String outputPath, String next) {
    JsonNode processor = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
    Definition parsed = null;
    if (processor == null) {
      problems.add(where + "a Map needs an ItemProcessor (or Iterator)");
    } else if (node.has("ItemProcessor") && node.has("Iterator")) {
      problems.add(where + "a Map must not have both ItemProcessor and Iterator");
    } else {
      parsed = definition(processor, where + (node.has("ItemProcessor") ? "ItemProcessor: " : "Iterator: "), false);
    }
    if (node.has("ItemSelector") && node.has("Parameters")) {
      problems.add(where + "a Map must not have both ItemSelector and Parameters");
    }
    PayloadTemplate itemSelector = template(node, node.has("ItemSelector") ? "ItemSelector" : "Parameters", where);
    int maxConcurrency = 0;
    JsonNode concurrency = node.get("MaxConcurrency");
    if (concurrency != null) {
      if (!concurrency.isIntegralNumber() || concurrency.intValue() < 0) {
        problems.add(where + "MaxConcurrency must be a non-negative integer, was " + concurrency);
      } else {
        maxConcurrency = concurrency.intValue();
      }
    }
    String itemsPath = path(node, "ItemsPath", where);
    return new State.Map(name, inputPath, outputPath, itemsPath == null ? "$" : itemsPath, itemSelector,
        template(node, "ResultSelector", where), referencePath(node, "ResultPath", where), next, parsed,
        maxConcurrency, retry(node, where), catchers(node, where));
  }

  private State fail(String name, JsonNode node, String where) {
    for (String field : List.of("Error", "Cause")) {
      if (node.has(field) && node.has(field + "Path")) {
        problems.add(where + "a Fail must not have both " + field + " and " + field + "Path");
      }
      if (node.has(field) && !node.get(field).isTextual()) {
        problems.add(where + field + " must be a string");
      }
    }
    return new State.Fail(name, text(node, "Error"), text(node, "Cause"),
        dynamicString(node, "ErrorPath", where), dynamicString(node, "CausePath", where));
  }

  private PayloadTemplate dynamicString(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    List<String> found = new ArrayList<>();
    PayloadTemplate template =
        PayloadTemplate.compile(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set("v.$", value),
            where + field, found);
    found.replaceAll(message -> message.replace(where + field + ".v.$", where + field));
    problems.addAll(found);
    return found.isEmpty() ? ((PayloadTemplate.ObjectTemplate) template).fields().get("v") : null;
  }

  private List<State.Retrier> retry(JsonNode node, String where) {
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
      rule.fieldNames().forEachRemaining(field -> {
        if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
            "JitterStrategy", "Comment").contains(field)) {
          problems.add(ruleWhere + "has unknown field \"" + field + "\"");
        }
      });
      double interval = number(rule, "IntervalSeconds", ruleWhere, 1, 1, true);
      double maxAttempts = number(rule, "MaxAttempts", ruleWhere, 3, 0, true);
      double backoff = number(rule, "BackoffRate", ruleWhere, 2.0, 1, false);
      double maxDelay = number(rule, "MaxDelaySeconds", ruleWhere, 0, 1, true);
      JsonNode jitter = rule.get("JitterStrategy");
      if (jitter != null && !(jitter.isTextual() && Set.of("FULL", "NONE").contains(jitter.textValue()))) {
        problems.add(ruleWhere + "JitterStrategy must be FULL or NONE, was " + jitter);
      }
      retriers.add(new State.Retrier(errors, interval, (int) maxAttempts, backoff, maxDelay,
          jitter != null && "FULL".equals(jitter.textValue())));
    }
    return List.copyOf(retriers);
  }

  private List<State.Catcher> catchers(JsonNode node, String where) {
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
      catchers.add(new State.Catcher(errors, next == null ? null : next.asText(),
          referencePath(rule, "ResultPath", ruleWhere)));
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

  private double number(JsonNode rule, String field, String where, double fallback, double min, boolean integer) {
    JsonNode value = rule.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isNumber() || (integer && !value.isIntegralNumber()) || value.doubleValue() < min) {
      problems.add(where + field + " must be " + (integer ? "an integer" : "a number") + " >= "
          + (integer ? String.valueOf((long) min) : String.valueOf(min)) + ", was " + value);
      return fallback;
    }
    return value.doubleValue();
  }

  private String next(JsonNode node, String where) {
    JsonNode next = node.get("Next");
    JsonNode end = node.get("End");
    boolean ends = end != null && end.isBoolean() && end.booleanValue();
    if (end != null && !end.isBoolean()) {
      problems.add(where + "End must be true or false");
    }
    if (next != null && ends) {
      problems.add(where + "has both Next and End");
    } else if (next == null && !ends) {
      problems.add(where + "needs Next or \"End\": true");
    } else if (next != null && !next.isTextual()) {
      problems.add(where + "Next must be a state name");
    }
    return next == null ? null : next.asText();
  }

  private String path(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return "$";
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual() || !JsonPaths.isPath(value.textValue())) {
      problems.add(where + field + " is not a valid JSONPath: " + value);
      return "$";
    }
    return value.textValue();
  }

  private String referencePath(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return "$";
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual() || !JsonPaths.isReferencePath(value.textValue())) {
      problems.add(where + field + " is not a valid Reference Path (like $.a.b): " + value);
      return "$";
    }
    return value.textValue();
  }

  private PayloadTemplate template(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      problems.add(where + field + " must be a JSON object");
      return null;
    }
    return PayloadTemplate.compile(value, where + field, problems);
  }

  private Duration seconds(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || value.longValue() <= 0) {
      problems.add(where + field + " must be a positive integer, was " + value);
      return null;
    }
    return Duration.ofSeconds(value.longValue());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  private void checkTransitions(JsonNode states, Map<String, State> parsed, String prefix) {
    for (State state : parsed.values()) {
      String where = prefix + "state \"" + state.name() + "\": ";
      for (Map.Entry<String, String> target : targets(state).entrySet()) {
        if (target.getValue() != null && !states.has(target.getValue())) {
          problems.add(where + target.getKey() + " \"" + target.getValue() + "\" is not a state");
        }
      }
    }
  }

  private void checkReachable(String start, Map<String, State> parsed, JsonNode states, String prefix) {
    Set<String> reached = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (reached.add(name) && parsed.containsKey(name)) {
        targets(parsed.get(name)).values().stream().filter(states::has).forEach(todo::push);
      }
    }
    states.fieldNames().forEachRemaining(name -> {
      if (!reached.contains(name)) {
        problems.add(prefix + "state \"" + name + "\" is not reachable from StartAt \"" + start + "\"");
      }
    });
  }

  /** Where a state may go, by the field that says so (e.g. "Next", "Choice rule 2 Next"). */
  private static Map<String, String> targets(State state) {
    Map<String, String> targets = new LinkedHashMap<>();
    switch (state) {
      case State.Task task -> targets.put("Next", task.next());
      case State.Pass pass -> targets.put("Next", pass.next());
      case State.Wait wait -> targets.put("Next", wait.next());
      case State.Parallel parallel -> targets.put("Next", parallel.next());
      case State.Map map -> targets.put("Next", map.next());
      case State.Choice choice -> {
        for (int i = 0; i < choice.choices().size(); i++) {
          targets.put("Choice rule " + (i + 1) + " Next", choice.choices().get(i).next());
        }
        targets.put("Default", choice.defaultNext());
      }
      case State.Succeed succeed -> { }
      case State.Fail fail -> { }
    }
    List<State.Catcher> catchers = State.catchersOf(state);
    for (int i = 0; i < catchers.size(); i++) {
      targets.put("Catch " + (i + 1) + " Next", catchers.get(i).next());
    }
    return targets;
  }
}
