package io.cumulo.core.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.cumulo.core.manifest.YamlNode.Scalar.Kind;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into {@link YamlNode}s with Jackson's streaming parser. Data binding would
 * lose the positions; here every node keeps its line and column. Problems that do not stop reading
 * (duplicate keys, aliases) are collected; a syntax error ends the read.
 */
final class YamlTreeReader {
  /** Far deeper than any manifest needs; bounds recursion on hostile input. */
  static final int MAX_DEPTH = 32;

  private static final YAMLFactory FACTORY = new YAMLFactory();
  /** A quoted Java object, e.g. {@code <org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null)>}. */
  private static final Pattern CLASS_INSTANCE = Pattern.compile("<(?:java|javax|org|com)\\.[^>]*>");
  /** A leading exception class name, e.g. {@code java.io.CharConversionException: }. */
  private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:java|javax|org|com)\\.[\\w.$]+: ");

  private final String file;
  private final List<ManifestProblem> problems;

  private YamlTreeReader(String file, List<ManifestProblem> problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * Reads {@code yaml}, adding what is wrong to {@code problems}.
   *
   * @return the document's root, or null when it could not be read (then {@code problems} says why)
   */
  static YamlNode read(String file, byte[] yaml, List<ManifestProblem> problems) {
    return new YamlTreeReader(file, problems).read(yaml);
  }

  private YamlNode read(byte[] yaml) {
    try (JsonParser parser = FACTORY.createParser(yaml)) {
      if (parser.nextToken() == null) {
        problems.add(new ManifestProblem(file, 0, 0, "",
            "the file is empty; a manifest needs at least 'name' and 'functions'"));
        return null;
      }
      YamlNode root = readValue(parser, 0);
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        problems.add(new ManifestProblem(file, at.getLineNr(), at.getColumnNr(), "",
            "a manifest is one YAML document; remove the '---' and everything after it"));
      }
      return root;
    } catch (TooDeep e) {
      return null;
    } catch (JsonProcessingException e) {
      problems.add(syntaxProblem(e));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("reading YAML from memory failed", e);
    }
  }

  private YamlNode readValue(JsonParser parser, int depth) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    JsonToken token = parser.currentToken();
    if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
      problems.add(new ManifestProblem(file, line, column, "",
          "nesting is deeper than " + MAX_DEPTH + " levels; a manifest needs only a few"));
      throw new TooDeep();
    }
    return switch (token) {
      case START_OBJECT -> readMapping(parser, depth, line, column);
      case START_ARRAY -> readSequence(parser, depth, line, column);
      default -> readScalar(parser, token, line, column);
    };
  }

  private YamlNode readMapping(JsonParser parser, int depth, int line, int column)
      throws IOException {
    var entries = new LinkedHashMap<String, YamlNode.Entry>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonLocation keyAt = parser.currentTokenLocation();
      if (isAlias(parser)) {
        aliasProblem(keyAt.getLineNr(), keyAt.getColumnNr(), key);
      }
      parser.nextToken();
      YamlNode value = readValue(parser, depth + 1);
      var entry = new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value);
      YamlNode.Entry first = entries.putIfAbsent(key, entry);
      if (first != null) {
        problems.add(new ManifestProblem(file, entry.line(), entry.column(), "",
            "duplicate key '" + key + "'; it is already set on line " + first.line()
                + ", and each key may appear once"));
      }
    }
    return new YamlNode.Mapping(line, column, entries);
  }

  private YamlNode readSequence(JsonParser parser, int depth, int line, int column)
      throws IOException {
    var items = new ArrayList<YamlNode>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(parser, depth + 1));
    }
    return new YamlNode.Sequence(line, column, items);
  }

  private YamlNode readScalar(JsonParser parser, JsonToken token, int line, int column)
      throws IOException {
    if (isAlias(parser)) {
      aliasProblem(line, column, parser.getText());
      return new YamlNode.Scalar(line, column, Kind.ALIAS, parser.getText());
    }
    Kind kind = switch (token) {
      case VALUE_NUMBER_INT -> Kind.INTEGER;
      case VALUE_NUMBER_FLOAT -> Kind.DECIMAL;
      case VALUE_TRUE, VALUE_FALSE -> Kind.BOOLEAN;
      case VALUE_NULL -> Kind.NULL;
      default -> Kind.STRING;
    };
    return new YamlNode.Scalar(line, column, kind, kind == Kind.NULL ? "" : parser.getText());
  }

  private static boolean isAlias(JsonParser parser) {
    return parser instanceof YAMLParser yaml && yaml.isCurrentAlias();
  }

  // Jackson does not expand aliases, but a value silently taken from elsewhere is surprising, and
  // expanding them is how "billion laughs" documents explode; so we accept none.
  private void aliasProblem(int line, int column, String name) {
    problems.add(new ManifestProblem(file, line, column, "",
        "YAML aliases (*" + name + ") are not allowed; write the value out. A value that starts"
            + " with '*', like a cron expression, must be quoted"));
  }

  /**
   * SnakeYAML knows both where the problem is and what it was doing ("while parsing a flow
   * sequence"); Jackson's message leads with the latter, so we prefer SnakeYAML's parts.
   */
  private ManifestProblem syntaxProblem(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark at = yaml.getProblemMark();
      String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
      if ("while scanning an alias".equals(yaml.getContext())) {
        context += "; a value that starts with '*', like a cron expression, must be quoted";
      }
      return new ManifestProblem(file, at.getLine() + 1, at.getColumn() + 1, "",
          "not valid YAML: " + firstLine(yaml.getProblem()) + context);
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
    int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof CharConversionException encoding) {
        return new ManifestProblem(file, line, column, "",
            "the file is not UTF-8 text (" + readable(firstLine(encoding.getMessage())) + "); save it as UTF-8");
      }
    }
    return new ManifestProblem(file, line, column, "",
        "not valid YAML: " + readable(firstLine(e.getOriginalMessage())));
  }

  /**
   * The parser's words without the Java class names it sometimes quotes ("got this instead:
   * &lt;org.yaml...SequenceStartEvent(...)&gt;"): users read these messages, and class names say
   * nothing to them.
   */
  private static String readable(String message) {
    String withoutObjects = CLASS_INSTANCE.matcher(message).replaceAll("a list or map");
    return CLASS_PREFIX.matcher(withoutObjects).replaceAll("").strip();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "the parser gave no reason";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  /** Unwinds the recursion once a document is too deep to be worth reading further. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }
}
