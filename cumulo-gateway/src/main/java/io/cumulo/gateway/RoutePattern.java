package io.cumulo.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route's compiled path: literal segments, {@code {name}} parameters and an optional last greedy
 * {@code /**} (parameter {@code proxy}, as API Gateway names it) or {@code {name+}}. Matches
 * decoded paths segment by segment, so a parameter never spans a {@code /} unless it is greedy.
 */
final class RoutePattern {
  /** The name API Gateway gives the rest of the path matched by a trailing {@code /**}. */
  static final String GREEDY_NAME = "proxy";

  private final String text;
  /** Per segment: the literal text, or null for a parameter. */
  private final String[] literals;
  private final String[] names;
  /** The greedy parameter's name, or null when the pattern has none. */
  private final String greedy;

  RoutePattern(String text) {
    this.text = text;
    String[] parts = text.equals("/") ? new String[0] : text.substring(1).split("/");
    String greedyName = null;
    int fixed = parts.length;
    if (fixed > 0 && parts[fixed - 1].equals("**")) {
      greedyName = GREEDY_NAME;
      fixed--;
    } else if (fixed > 0 && parts[fixed - 1].endsWith("+}")) {
      greedyName = parts[fixed - 1].substring(1, parts[fixed - 1].length() - 2);
      fixed--;
    }
    this.greedy = greedyName;
    this.literals = new String[fixed];
    this.names = new String[fixed];
    for (int i = 0; i < fixed; i++) {
      if (parts[i].startsWith("{")) {
        names[i] = parts[i].substring(1, parts[i].length() - 1);
      } else {
        literals[i] = parts[i];
      }
    }
  }

  String text() {
    return text;
  }

  /** How many segments come before the greedy parameter; -1 when the pattern has none. */
  int segmentsBeforeGreedy() {
    return greedy == null ? -1 : literals.length;
  }

  /** The greedy parameter's name ({@value #GREEDY_NAME} for {@code /**}), or null when there is none. */
  String greedyName() {
    return greedy;
  }

  /**
   * How specific the pattern is, for trying routes in order: more fixed segments first, then more
   * literal ones, and greedy patterns after exact ones of the same length.
   */
  long specificity() {
    long literalCount = java.util.Arrays.stream(literals).filter(l -> l != null).count();
    return literals.length * 10_000L + literalCount * 10L + (greedy == null ? 1 : 0);
  }

  /**
   * The parameters if {@code segments} (a decoded path split on '/') match, else null. A greedy
   * pattern needs at least one segment for its rest, as {@code {proxy+}} does in API Gateway.
   */
  Map<String, String> match(String[] segments) {
    if (greedy == null ? segments.length != literals.length : segments.length <= literals.length) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < literals.length; i++) {
      if (literals[i] == null) {
        if (segments[i].isEmpty()) {
          return null;
        }
        parameters.put(names[i], segments[i]);
      } else if (!literals[i].equals(segments[i])) {
        return null;
      }
    }
    if (greedy != null) {
      parameters.put(greedy, String.join("/", java.util.Arrays.copyOfRange(segments, literals.length,
          segments.length)));
    }
    return parameters;
  }
}
