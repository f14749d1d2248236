package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses Choice rules, nested And/Or/Not included, adding a message per problem. */
final class ChoiceRuleParser {
  private final List<String> problems;

  ChoiceRuleParser(List<String> problems) {
    this.problems = problems;
  }

  /** A rule, or null when it is invalid (the problem is recorded). */
  ChoiceRule rule(JsonNode node, String where, boolean topLevel) {
    if (!node.isObject()) {
      problems.add(where + " must be a JSON object");
      return null;
    }
    if (!topLevel && node.has("Next")) {
      problems.add(where + " is nested and must not have Next");
    }
    List<String> operators = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            field -> {
              if (ChoiceRule.OPERATORS.containsKey(field)
                  || ChoiceRule.TYPE_TESTS.contains(field)
                  || field.equals("And")
                  || field.equals("Or")
                  || field.equals("Not")) {
                operators.add(field);
              } else if (!field.equals("Variable")
                  && !field.equals("Next")
                  && !field.equals("Comment")) {
                problems.add(where + " has unknown field \"" + field + "\"");
              }
            });
    if (operators.size() != 1) {
      problems.add(
          where
              + " must have exactly one comparison operator, And, Or or Not; has "
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
    boolean typeOk =
        switch (type) {
          case "String" -> value.isTextual();
          case "Numeric" -> value.isNumber();
          case "Boolean" -> value.isBoolean();
          default -> value.isTextual() && ChoiceRule.timestamp(value.textValue()) != null;
        };
    if (!typeOk) {
      problems.add(
          where
              + " "
              + operator
              + " needs a "
              + type.toLowerCase(Locale.ROOT)
              + " value, was "
              + value);
      return null;
    }
    return new ChoiceRule.Comparison(variable.textValue(), operator, value, null);
  }
}
