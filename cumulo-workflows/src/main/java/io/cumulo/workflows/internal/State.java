package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.workflows.StatesErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A validated state of a definition. Path fields hold the JSONPath as written, {@code "$"} when
 * absent, and null when the definition set them to JSON null (ResultPath null keeps the input and
 * discards the result; InputPath/OutputPath null pass {@code {}}). A null {@code next} on a state
 * that may have one means {@code End: true}.
 */
public sealed interface State {
  /** The state's name, unique within its definition. */
  String name();

  /** InputPath. */
  String inputPath();

  /** OutputPath. */
  String outputPath();

  /** A call of a Cumulo function. */
  record Task(
      String name,
      String inputPath,
      String outputPath,
      PayloadTemplate parameters,
      PayloadTemplate resultSelector,
      String resultPath,
      String next,
      String resource,
      Duration timeout,
      Duration heartbeat,
      List<Retrier> retry,
      List<Catcher> catchers)
      implements State {}

  /** Passes its input (or Result) on, optionally shaped by Parameters. */
  record Pass(
      String name,
      String inputPath,
      String outputPath,
      PayloadTemplate parameters,
      JsonNode result,
      String resultPath,
      String next)
      implements State {}

  /** Picks the next state by the first rule that holds. */
  record Choice(
      String name, String inputPath, String outputPath, List<Rule> choices, String defaultNext)
      implements State {
    /** A top-level rule and where it leads. */
    public record Rule(ChoiceRule rule, String next) {}
  }

  /** Delays for a number of seconds or until a time; exactly one of the four is set. */
  record Wait(
      String name,
      String inputPath,
      String outputPath,
      String next,
      Long seconds,
      Instant timestamp,
      String secondsPath,
      String timestampPath)
      implements State {}

  /** Parallel and Map: states whose result is the array of their strands' outputs. */
  sealed interface Branching extends State permits Parallel, Map {
    /** ResultSelector, or null. */
    PayloadTemplate resultSelector();

    /** ResultPath. */
    String resultPath();

    /** The next state, or null at the end. */
    String next();
  }

  /** Runs every branch on the same input; its result is the array of their outputs. */
  record Parallel(
      String name,
      String inputPath,
      String outputPath,
      PayloadTemplate parameters,
      PayloadTemplate resultSelector,
      String resultPath,
      String next,
      List<Definition> branches,
      List<Retrier> retry,
      List<Catcher> catchers)
      implements Branching {}

  /**
   * Runs {@code processor} for every item of the array at {@code itemsPath}; 0 {@code
   * maxConcurrency} means no limit.
   */
  record Map(
      String name,
      String inputPath,
      String outputPath,
      String itemsPath,
      PayloadTemplate itemSelector,
      PayloadTemplate resultSelector,
      String resultPath,
      String next,
      Definition processor,
      int maxConcurrency,
      List<Retrier> retry,
      List<Catcher> catchers)
      implements Branching {}

  /** Ends its branch (or the execution) successfully. */
  record Succeed(String name, String inputPath, String outputPath) implements State {}

  /** Ends its branch (or the execution) with an error; the templates read ErrorPath/CausePath. */
  record Fail(
      String name, String error, String cause, PayloadTemplate errorPath, PayloadTemplate causePath)
      implements State {
    @Override
    public String inputPath() {
      return "$";
    }

    @Override
    public String outputPath() {
      return "$";
    }
  }

  /** A Retry rule. {@code maxDelaySeconds} 0 means no cap. */
  record Retrier(
      List<String> errorEquals,
      double intervalSeconds,
      int maxAttempts,
      double backoffRate,
      double maxDelaySeconds,
      boolean fullJitter) {
    /** Whether this rule handles {@code error}. */
    public boolean matches(String error) {
      return matchesAny(errorEquals, error);
    }

    /**
     * How long to wait before retry number {@code attempt + 1}: IntervalSeconds x
     * BackoffRate^attempt, capped by MaxDelaySeconds; FULL jitter picks a random share of it.
     */
    public Duration delay(int attempt, RandomGenerator random) {
      double seconds = intervalSeconds * Math.pow(backoffRate, attempt);
      if (maxDelaySeconds > 0) {
        seconds = Math.min(seconds, maxDelaySeconds);
      }
      if (fullJitter) {
        seconds = random.nextDouble() * seconds;
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    }
  }

  /** A Catch rule. */
  record Catcher(List<String> errorEquals, String next, String resultPath) {
    /** Whether this rule handles {@code error}. */
    public boolean matches(String error) {
      return matchesAny(errorEquals, error);
    }
  }

  private static boolean matchesAny(List<String> errorEquals, String error) {
    for (String pattern : errorEquals) {
      if (StatesErrors.matches(pattern, error)) {
        return true;
      }
    }
    return false;
  }

  /** The Retry and Catch rules of the states that have them. */
  static List<Retrier> retriersOf(State state) {
    return switch (state) {
      case Task task -> task.retry();
      case Parallel parallel -> parallel.retry();
      case Map map -> map.retry();
      default -> List.of();
    };
  }

  /** The Catch rules of the states that have them. */
  static List<Catcher> catchersOf(State state) {
    return switch (state) {
      case Task task -> task.catchers();
      case Parallel parallel -> parallel.catchers();
      case Map map -> map.catchers();
      default -> List.of();
    };
  }
}
