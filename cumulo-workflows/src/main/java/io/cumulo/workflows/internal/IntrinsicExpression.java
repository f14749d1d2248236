package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed intrinsic function call such as {@code States.Format('Hi {}', $.name)}: arguments are
 * string literals (single quotes, {@code \} escapes), numbers, {@code true}/{@code false}/{@code
 * null}, JSONPaths (also {@code $$} context paths) and nested calls.
 */
public sealed interface IntrinsicExpression {

  /** A call of one of {@link IntrinsicFunctions#NAMES}. */
  record Call(String name, List<IntrinsicExpression> arguments) implements IntrinsicExpression {}

  /** A constant argument. */
  record Literal(JsonNode value) implements IntrinsicExpression {}

  /** A JSONPath argument, read from the input or the context object. */
  record Path(String path) implements IntrinsicExpression {}

  /** Whether a {@code .$} value is meant as an intrinsic call rather than a path. */
  static boolean looksLikeCall(String text) {
    return text.startsWith("States.");
  }

  /**
   * Parses a call.
   *
   * @throws IllegalArgumentException with what is wrong and where
   */
  static Call parse(String text) {
    Parser parser = new Parser(text);
    Call call = parser.call();
    parser.skipSpaces();
    if (parser.at < text.length()) {
      throw parser.error("unexpected text after the call");
    }
    return call;
  }

  /** A recursive-descent parser over the call syntax. */
  final class Parser {
    private final String text;
    private int at;

    private Parser(String text) {
      this.text = text;
    }

    private Call call() {
      skipSpaces();
      int start = at;
      while (at < text.length()
          && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
        at++;
      }
      String name = text.substring(start, at);
      if (!IntrinsicFunctions.NAMES.contains(name)) {
        throw error("unknown intrinsic function '" + name + "'");
      }
      skipSpaces();
      expect('(');
      List<IntrinsicExpression> arguments = new ArrayList<>();
      skipSpaces();
      if (peek() == ')') {
        at++;
        return new Call(name, List.copyOf(arguments));
      }
      while (true) {
        arguments.add(argument(name.equals("States.Format") && arguments.isEmpty()));
        skipSpaces();
        char c = peek();
        at++;
        if (c == ')') {
          return new Call(name, List.copyOf(arguments));
        }
        if (c != ',') {
          at--;
          throw error("expected ',' or ')'");
        }
      }
    }

    private IntrinsicExpression argument(boolean formatTemplate) {
      skipSpaces();
      char c = peek();
      if (c == '\'') {
        return new Literal(JsonNodeFactory.instance.textNode(string(formatTemplate)));
      }
      if (c == '$') {
        return path();
      }
      if (c == '-' || Character.isDigit(c)) {
        return number();
      }
      if (text.startsWith("true", at)
          || text.startsWith("false", at)
          || text.startsWith("null", at)) {
        String word =
            text.startsWith("true", at) ? "true" : text.startsWith("false", at) ? "false" : "null";
        at += word.length();
        return new Literal(
            word.equals("null")
                ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.booleanNode(word.equals("true")));
      }
      if (text.startsWith("States.", at)) {
        return call();
      }
      throw error("expected an argument");
    }

    /**
     * A string literal. With keepEscapes, backslash escapes other than the quote's stay in the
     * text: States.Format's template must tell escaped braces from placeholders.
     */
    private String string(boolean keepEscapes) {
      at++;
      StringBuilder value = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '\'') {
          return value.toString();
        }
        if (c == '\\' && at < text.length()) {
          char escaped = text.charAt(at++);
          if (keepEscapes && escaped != '\'') {
            value.append('\\');
          }
          value.append(escaped);
        } else {
          value.append(c);
        }
      }
      throw error("unterminated string literal");
    }

    private Path path() {
      int start = at;
      int depth = 0;
      char quote = 0;
      while (at < text.length()) {
        char c = text.charAt(at);
        if (quote != 0) {
          if (c == '\\') {
            at++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '[' || c == '(') {
          depth++;
        } else if (c == ']' || (c == ')' && depth > 0)) {
          depth--;
        } else if (depth == 0 && (c == ',' || c == ')' || Character.isWhitespace(c))) {
          break;
        }
        at++;
      }
      String path = text.substring(start, at);
      if (!JsonPaths.isPath(path)) {
        throw error("invalid JSONPath '" + path + "'");
      }
      return new Path(path);
    }

    private Literal number() {
      int start = at;
      at++;
      while (at < text.length()
          && (Character.isDigit(text.charAt(at)) || "+-.eE".indexOf(text.charAt(at)) >= 0)) {
        at++;
      }
      try {
        BigDecimal number = new BigDecimal(text.substring(start, at));
        return new Literal(
            number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                ? IntrinsicFunctions.number(number.longValueExact())
                : JsonNodeFactory.instance.numberNode(number.doubleValue()));
      } catch (NumberFormatException | ArithmeticException e) {
        throw error("invalid number '" + text.substring(start, at) + "'");
      }
    }

    private char peek() {
      if (at >= text.length()) {
        throw error("unexpected end");
      }
      return text.charAt(at);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      at++;
    }

    private void skipSpaces() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at position " + at + " of '" + text + "'");
    }
  }
}
