package io.cumulo.core.manifest;

import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it was written, so that validation errors found after
 * parsing can still point at a line and column. Only what a manifest needs: maps, lists, scalars.
 */
sealed interface YamlNode {

  /** 1-based line of the value's first character. */
  int line();

  /** 1-based column of the value's first character. */
  int column();

  /**
   * A scalar; {@code kind} tells how YAML typed it (quoted text is always a string). An alias keeps
   * kind {@code ALIAS}: it was already reported, so validation skips it.
   */
  record Scalar(int line, int column, Kind kind, String text) implements YamlNode {
    enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL, ALIAS }
  }

  /** A sequence, in document order. */
  record Sequence(int line, int column, List<YamlNode> items) implements YamlNode {}

  /** A mapping with unique keys, in document order. */
  record Mapping(int line, int column, Map<String, Entry> entries) implements YamlNode {}

  /** One key of a mapping, with the key's own position (where "unknown key" errors point). */
  record Entry(String key, int line, int column, YamlNode value) {}
}
