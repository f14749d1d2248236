package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.workflows.StatesErrors;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A Choice rule (or one nested in And/Or/Not) that tests the state's input. */
public sealed interface ChoiceRule {

  /** Whether the rule holds for {@code input}. */
  boolean test(JsonNode input, JsonNode context);

  /** Every comparison operator with a literal value, by the type its operands must have. */
  Map<String, String> OPERATORS = operators();

  /** The Is* type tests, whose value is a boolean. */
  Set<String> TYPE_TESTS =
      Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

  private static Map<String, String> operators() {
    Map<String, String> operators = new java.util.HashMap<>();
    for (String type : List.of("String", "Numeric", "Timestamp")) {
      for (String comparison :
          List.of("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")) {
        operators.put(type + comparison, type);
        operators.put(type + comparison + "Path", type);
      }
    }
    operators.put("BooleanEquals", "Boolean");
    operators.put("BooleanEqualsPath", "Boolean");
    operators.put("StringMatches", "String");
    return Map.copyOf(operators);
  }

  /** All of the rules hold. */
  record And(List<ChoiceRule> rules) implements ChoiceRule {
    @Override
    public boolean test(JsonNode input, JsonNode context) {
      for (ChoiceRule rule : rules) {
        if (!rule.test(input, context)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Any of the rules holds. */
  record Or(List<ChoiceRule> rules) implements ChoiceRule {
    @Override
    public boolean test(JsonNode input, JsonNode context) {
      for (ChoiceRule rule : rules) {
        if (rule.test(input, context)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The rule does not hold. */
  record Not(ChoiceRule rule) implements ChoiceRule {
    @Override
    public boolean test(JsonNode input, JsonNode context) {
      return !rule.test(input, context);
    }
  }

  /** An Is* test of the value at {@code variable}. */
  record TypeTest(String variable, String operator, boolean expected) implements ChoiceRule {
    @Override
    public boolean test(JsonNode input, JsonNode context) {
      if (operator.equals("IsPresent")) {
        return JsonPaths.isPresent(variable, input, context) == expected;
      }
      if (!JsonPaths.isPresent(variable, input, context)) {
        return !expected;
      }
      JsonNode value = JsonPaths.read(variable, input, context, StatesErrors.RUNTIME);
      boolean actual =
          switch (operator) {
            case "IsNull" -> value.isNull();
            case "IsNumeric" -> value.isNumber();
            case "IsString" -> value.isTextual();
            case "IsBoolean" -> value.isBoolean();
            case "IsTimestamp" -> value.isTextual() && timestamp(value.textValue()) != null;
            default -> throw new IllegalStateException(operator);
          };
      return actual == expected;
    }
  }

  /**
   * A comparison of the value at {@code variable} with a literal ({@code expectedPath} null) or
   * with the value at {@code expectedPath} (the {@code *Path} operators).
   */
  record Comparison(String variable, String operator, JsonNode expected, String expectedPath)
      implements ChoiceRule {
    @Override
    public boolean test(JsonNode input, JsonNode context) {
      JsonNode actual = JsonPaths.read(variable, input, context, StatesErrors.RUNTIME);
      JsonNode other =
          expectedPath == null
              ? expected
              : JsonPaths.read(expectedPath, input, context, StatesErrors.RUNTIME);
      String baseOperator =
          operator.endsWith("Path") ? operator.substring(0, operator.length() - 4) : operator;
      String type = OPERATORS.get(operator);
      String comparison = baseOperator.substring(type.length());
      return switch (type) {
        case "String" -> {
          if (!actual.isTextual() || !other.isTextual()) {
            yield false;
          }
          if (comparison.equals("Matches")) {
            yield wildcard(other.textValue()).matcher(actual.textValue()).matches();
          }
          yield holds(comparison, actual.textValue().compareTo(other.textValue()));
        }
        case "Numeric" ->
            actual.isNumber()
                && other.isNumber()
                && holds(comparison, actual.decimalValue().compareTo(other.decimalValue()));
        case "Boolean" ->
            actual.isBoolean()
                && other.isBoolean()
                && actual.booleanValue() == other.booleanValue();
        case "Timestamp" -> {
          Instant a = actual.isTextual() ? timestamp(actual.textValue()) : null;
          Instant b = other.isTextual() ? timestamp(other.textValue()) : null;
          yield a != null && b != null && holds(comparison, a.compareTo(b));
        }
        default -> throw new IllegalStateException(type);
      };
    }

    private static boolean holds(String comparison, int order) {
      return switch (comparison) {
        case "Equals" -> order == 0;
        case "LessThan" -> order < 0;
        case "GreaterThan" -> order > 0;
        case "LessThanEquals" -> order <= 0;
        case "GreaterThanEquals" -> order >= 0;
        default -> throw new IllegalStateException(comparison);
      };
    }
  }

  /** An RFC 3339 timestamp, or null if {@code text} is not one. */
  static Instant timestamp(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal.
   */
  static Pattern wildcard(String pattern) {
    StringBuilder regex = new StringBuilder();
    List<String> literal = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        run.append(pattern.charAt(++i));
      } else if (c == '*') {
        literal.add(run.toString());
        run.setLength(0);
      } else {
        run.append(c);
      }
    }
    literal.add(run.toString());
    for (int i = 0; i < literal.size(); i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(literal.get(i)));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
