package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
          Set.of(
              "Type",
              "Comment",
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "ResultPath",
              "Parameters",
              "ResultSelector",
              "Resource",
              "TimeoutSeconds",
              "HeartbeatSeconds",
              "Retry",
              "Catch"),
          "Pass",
          Set.of(
              "Type",
              "Comment",
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "ResultPath",
              "Parameters",
              "Result"),
          "Choice",
          Set.of("Type", "Comment", "Choices", "Default", "InputPath", "OutputPath"),
          "Wait",
          Set.of(
              "Type",
              "Comment",
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "Seconds",
              "Timestamp",
              "SecondsPath",
              "TimestampPath"),
          "Parallel",
          Set.of(
              "Type",
              "Comment",
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "ResultPath",
              "Parameters",
              "ResultSelector",
              "Branches",
              "Retry",
              "Catch"),
          "Map",
          Set.of(
              "Type",
              "Comment",
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "ResultPath",
              "Parameters",
              "ItemSelector",
              "ResultSelector",
              "ItemsPath",
              "MaxConcurrency",
              "Iterator",
              "ItemProcessor",
              "Retry",
              "Catch",
              "Label"),
          "Succeed",
          Set.of("Type", "Comment", "InputPath", "OutputPath"),
          "Fail",
          Set.of("Type", "Comment", "Error", "Cause", "ErrorPath", "CausePath"));

  /** Fields of the spec (distributed Map, JSONata, cross-account) that Cumulo does not run. */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "ItemReader",
          "ItemBatcher",
          "ResultWriter",
          "ToleratedFailureCount",
          "ToleratedFailurePercentage",
          "ToleratedFailureCountPath",
          "ToleratedFailurePercentagePath",
          "MaxConcurrencyPath",
          "TimeoutSecondsPath",
          "HeartbeatSecondsPath",
          "Credentials",
          "Arguments",
          "Output",
          "Assign",
          "QueryLanguage");

  private final List<String> problems = new ArrayList<>();
  private final FieldReader fields = new FieldReader(problems);
  private final ChoiceRuleParser choiceRules = new ChoiceRuleParser(problems);
  private final ErrorRuleParser errorRules = new ErrorRuleParser(problems, fields);

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
    root.fieldNames()
        .forEachRemaining(
            field -> {
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
        State state =
            state(entry.getKey(), entry.getValue(), prefix + "state \"" + entry.getKey() + "\": ");
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
    Duration timeout = topLevel ? fields.seconds(root, "TimeoutSeconds", prefix) : null;
    return new Definition(start, Collections.unmodifiableMap(parsed), timeout);
  }

  private State state(String name, JsonNode node, String where) {
    if (!node.isObject()) {
      problems.add(where + "must be a JSON object");
      return null;
    }
    JsonNode typeNode = node.get("Type");
    if (typeNode == null || !typeNode.isTextual() || !TYPES.contains(typeNode.textValue())) {
      problems.add(
          where
              + "Type "
              + (typeNode == null
                  ? "is missing"
                  : typeNode + " is not one of " + new java.util.TreeSet<>(TYPES)));
      return null;
    }
    String type = typeNode.textValue();
    node.fieldNames()
        .forEachRemaining(
            field -> {
              if (UNSUPPORTED.contains(field)) {
                problems.add(where + "field \"" + field + "\" is not supported by Cumulo");
              } else if (!FIELDS.get(type).contains(field)) {
                problems.add(
                    where + "field \"" + field + "\" is not allowed in a " + type + " state");
              }
            });
    String next =
        type.equals("Choice") || type.equals("Succeed") || type.equals("Fail")
            ? null
            : next(node, where);
    String inputPath = fields.path(node, "InputPath", where);
    String outputPath = fields.path(node, "OutputPath", where);
    return switch (type) {
      case "Task" -> task(name, node, where, inputPath, outputPath, next);
      case "Pass" ->
          new State.Pass(
              name,
              inputPath,
              outputPath,
              fields.template(node, "Parameters", where),
              node.get("Result"),
              fields.referencePath(node, "ResultPath", where),
              next);
      case "Choice" -> choice(name, node, where, inputPath, outputPath);
      case "Wait" -> waitState(name, node, where, inputPath, outputPath, next);
      case "Parallel" -> parallel(name, node, where, inputPath, outputPath, next);
      case "Map" -> map(name, node, where, inputPath, outputPath, next);
      case "Succeed" -> new State.Succeed(name, inputPath, outputPath);
      case "Fail" -> fail(name, node, where);
      default -> throw new IllegalStateException(type);
    };
  }

  private State task(
      String name, JsonNode node, String where, String inputPath, String outputPath, String next) {
    JsonNode resource = node.get("Resource");
    if (resource == null || !resource.isTextual()) {
      problems.add(where + "Resource is missing or not a string");
    } else if (!RESOURCE.matcher(resource.textValue()).matches()) {
      problems.add(
          where
              + "Resource \""
              + resource.textValue()
              + "\" is not of the form cumulo:function:APP/FN");
    }
    Duration timeout = fields.seconds(node, "TimeoutSeconds", where);
    Duration heartbeat = fields.seconds(node, "HeartbeatSeconds", where);
    if (timeout != null && heartbeat != null && heartbeat.compareTo(timeout) >= 0) {
      problems.add(where + "HeartbeatSeconds must be smaller than TimeoutSeconds");
    }
    return new State.Task(
        name,
        inputPath,
        outputPath,
        fields.template(node, "Parameters", where),
        fields.template(node, "ResultSelector", where),
        fields.referencePath(node, "ResultPath", where),
        next,
        resource == null ? null : resource.asText(),
        timeout,
        heartbeat,
        errorRules.retry(node, where),
        errorRules.catchers(node, where));
  }

  private State choice(
      String name, JsonNode node, String where, String inputPath, String outputPath) {
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
        ChoiceRule parsed = choiceRules.rule(rule, ruleWhere, true);
        rules.add(new State.Choice.Rule(parsed, next == null ? null : next.asText()));
      }
    }
    JsonNode defaultNext = node.get("Default");
    if (defaultNext != null && !defaultNext.isTextual()) {
      problems.add(where + "Default must be a state name");
    }
    return new State.Choice(
        name,
        inputPath,
        outputPath,
        List.copyOf(rules),
        defaultNext == null ? null : defaultNext.asText());
  }

  private State waitState(
      String name, JsonNode node, String where, String inputPath, String outputPath, String next) {
    List<String> given = new ArrayList<>();
    for (String field : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
      if (node.has(field)) {
        given.add(field);
      }
    }
    if (given.size() != 1) {
      problems.add(
          where
              + "a Wait needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; has "
              + (given.isEmpty() ? "none" : String.join(" and ", given)));
    }
    Long seconds = null;
    JsonNode secondsNode = node.get("Seconds");
    if (secondsNode != null) {
      if (!secondsNode.canConvertToLong()
          || !secondsNode.isIntegralNumber()
          || secondsNode.longValue() < 0) {
        problems.add(where + "Seconds must be a non-negative integer, was " + secondsNode);
      } else {
        seconds = secondsNode.longValue();
      }
    }
    Instant timestamp = null;
    JsonNode timestampNode = node.get("Timestamp");
    if (timestampNode != null) {
      timestamp =
          timestampNode.isTextual() ? ChoiceRule.timestamp(timestampNode.textValue()) : null;
      if (timestamp == null) {
        problems.add(where + "Timestamp must be an RFC 3339 timestamp, was " + timestampNode);
      }
    }
    String secondsPath = node.has("SecondsPath") ? fields.path(node, "SecondsPath", where) : null;
    String timestampPath =
        node.has("TimestampPath") ? fields.path(node, "TimestampPath", where) : null;
    return new State.Wait(
        name, inputPath, outputPath, next, seconds, timestamp, secondsPath, timestampPath);
  }

  private State parallel(
      String name, JsonNode node, String where, String inputPath, String outputPath, String next) {
    JsonNode branches = node.get("Branches");
    List<Definition> parsed = new ArrayList<>();
    if (branches == null || !branches.isArray() || branches.isEmpty()) {
      problems.add(where + "Branches is missing or not a non-empty array");
    } else {
      for (int i = 0; i < branches.size(); i++) {
        parsed.add(definition(branches.get(i), where + "branch " + (i + 1) + ": ", false));
      }
    }
    return new State.Parallel(
        name,
        inputPath,
        outputPath,
        fields.template(node, "Parameters", where),
        fields.template(node, "ResultSelector", where),
        fields.referencePath(node, "ResultPath", where),
        next,
        List.copyOf(parsed.stream().filter(java.util.Objects::nonNull).toList()),
        errorRules.retry(node, where),
        errorRules.catchers(node, where));
  }

  private State map(
      String name, JsonNode node, String where, String inputPath, String outputPath, String next) {
    JsonNode processor =
        node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
    Definition parsed = null;
    if (processor == null) {
      problems.add(where + "a Map needs an ItemProcessor (or Iterator)");
    } else if (node.has("ItemProcessor") && node.has("Iterator")) {
      problems.add(where + "a Map must not have both ItemProcessor and Iterator");
    } else {
      parsed =
          definition(
              processor,
              where + (node.has("ItemProcessor") ? "ItemProcessor: " : "Iterator: "),
              false);
    }
    if (node.has("ItemSelector") && node.has("Parameters")) {
      problems.add(where + "a Map must not have both ItemSelector and Parameters");
    }
    PayloadTemplate itemSelector =
        fields.template(node, node.has("ItemSelector") ? "ItemSelector" : "Parameters", where);
    int maxConcurrency = 0;
    JsonNode concurrency = node.get("MaxConcurrency");
    if (concurrency != null) {
      if (!concurrency.isIntegralNumber() || concurrency.intValue() < 0) {
        problems.add(where + "MaxConcurrency must be a non-negative integer, was " + concurrency);
      } else {
        maxConcurrency = concurrency.intValue();
      }
    }
    String itemsPath = fields.path(node, "ItemsPath", where);
    return new State.Map(
        name,
        inputPath,
        outputPath,
        itemsPath == null ? "$" : itemsPath,
        itemSelector,
        fields.template(node, "ResultSelector", where),
        fields.referencePath(node, "ResultPath", where),
        next,
        parsed,
        maxConcurrency,
        errorRules.retry(node, where),
        errorRules.catchers(node, where));
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
    return new State.Fail(
        name,
        FieldReader.text(node, "Error"),
        FieldReader.text(node, "Cause"),
        fields.dynamicString(node, "ErrorPath", where),
        fields.dynamicString(node, "CausePath", where));
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

  private void checkReachable(
      String start, Map<String, State> parsed, JsonNode states, String prefix) {
    Set<String> reached = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (reached.add(name) && parsed.containsKey(name)) {
        targets(parsed.get(name)).values().stream().filter(states::has).forEach(todo::push);
      }
    }
    states
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!reached.contains(name)) {
                problems.add(
                    prefix
                        + "state \""
                        + name
                        + "\" is not reachable from StartAt \""
                        + start
                        + "\"");
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
      case State.Succeed succeed -> {}
      case State.Fail fail -> {}
    }
    List<State.Catcher> catchers = State.catchersOf(state);
    for (int i = 0; i < catchers.size(); i++) {
      targets.put("Catch " + (i + 1) + " Next", catchers.get(i).next());
    }
    return targets;
  }
}
