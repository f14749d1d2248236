package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONPath as the States Language uses it: Jayway json-path over Jackson trees for reading, and a
 * small writer for Reference Paths ({@code $.a.b}, {@code $['a']}) used by ResultPath. A path that
 * starts with {@code $$} reads the context object instead of the input.
 */
public final class JsonPaths {
  /** The one mapper of the engine; its trees are treated as immutable once built. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final Configuration CONFIGURATION =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
          .mappingProvider(new JacksonMappingProvider(MAPPER))
          .build();

  private static final Pattern SEGMENT =
      Pattern.compile("\\.([A-Za-z0-9_$@\\-]+)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");

  private static final ConcurrentHashMap<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

  private JsonPaths() {}

  /** Whether {@code path} is a JSONPath (or context path) this engine can read with. */
  public static boolean isPath(String path) {
    if (path == null || !path.startsWith("$") || !balanced(path)) {
      return false;
    }
    try {
      compile(path);
      return true;
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Whether {@code path} is a Reference Path: only names and indexes, so it names one place. */
  public static boolean isReferencePath(String path) {
    return path != null && referenceSegments(path) != null;
  }

  /**
   * Reads {@code path} from {@code input}, or from {@code context} when it starts with {@code $$}.
   *
   * @param error the error name to fail with when the path matches nothing
   * @throws StatesError when the path does not match
   */
  public static JsonNode read(String path, JsonNode input, JsonNode context, String error) {
    boolean fromContext = path.startsWith("$$");
    JsonNode document = fromContext ? context : input;
    if (path.equals("$") || path.equals("$$")) {
      return document;
    }
    try {
      Object found = JsonPath.using(CONFIGURATION).parse(document).read(compile(path));
      return found instanceof JsonNode node ? node : MAPPER.valueToTree(found);
    } catch (JsonPathException e) {
      throw new StatesError(
          error, "The JSONPath '" + path + "' could not be found in the " + describe(fromContext));
    }
  }

  /** Whether {@code path} matches something in the input (or context). */
  public static boolean isPresent(String path, JsonNode input, JsonNode context) {
    try {
      read(path, input, context, "");
      return true;
    } catch (StatesError e) {
      return false;
    }
  }

  /**
   * Places {@code result} into a copy of {@code input} at the Reference Path {@code resultPath},
   * creating missing objects on the way; {@code $} replaces the input.
   *
   * @throws StatesError {@code States.ResultPathMatchFailure} when the path crosses a non-object
   */
  public static JsonNode write(JsonNode input, String resultPath, JsonNode result) {
    List<Object> segments = referenceSegments(resultPath);
    if (segments == null) {
      throw new IllegalArgumentException("not a reference path: " + resultPath);
    }
    if (segments.isEmpty()) {
      return result;
    }
    JsonNode root = input.deepCopy();
    if (!root.isObject() && !(root.isArray() && segments.getFirst() instanceof Integer)) {
      throw resultPathFailure(resultPath, input);
    }
    JsonNode current = root;
    for (int i = 0; i < segments.size(); i++) {
      Object segment = segments.get(i);
      boolean last = i == segments.size() - 1;
      if (segment instanceof String name && current instanceof ObjectNode object) {
        if (last) {
          object.set(name, result);
        } else {
          JsonNode next = object.get(name);
          if (next == null || next.isNull()) {
            next = object.putObject(name);
          }
          current = next;
        }
      } else if (segment instanceof Integer index
          && current instanceof ArrayNode array
          && index < array.size()) {
        if (last) {
          array.set(index, result);
        } else {
          current = array.get(index);
        }
      } else {
        throw resultPathFailure(resultPath, input);
      }
    }
    return root;
  }

  private static StatesError resultPathFailure(String resultPath, JsonNode input) {
    return new StatesError(
        io.cumulo.workflows.StatesErrors.RESULT_PATH_MATCH_FAILURE,
        "Unable to apply ResultPath '" + resultPath + "' to input " + input);
  }

  /** Names (String) and indexes (Integer) of a Reference Path, or null if it is not one. */
  private static List<Object> referenceSegments(String path) {
    if (!path.startsWith("$") || path.startsWith("$$")) {
      return null;
    }
    List<Object> segments = new ArrayList<>();
    Matcher matcher = SEGMENT.matcher(path);
    int at = 1;
    while (at < path.length()) {
      if (!matcher.find(at) || matcher.start() != at) {
        return null;
      }
      if (matcher.group(1) != null) {
        segments.add(matcher.group(1));
      } else if (matcher.group(2) != null) {
        segments.add(matcher.group(2).replaceAll("\\\\(.)", "$1"));
      } else {
        segments.add(Integer.parseInt(matcher.group(3)));
      }
      at = matcher.end();
    }
    return segments;
  }

  /**
   * Jayway accepts some truncated paths (like {@code $.a[}); reject unclosed brackets and quotes.
   */
  private static boolean balanced(String path) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if ((c == ']' || c == ')') && --depth < 0) {
        return false;
      }
    }
    return depth == 0 && quote == 0 && !path.endsWith(".");
  }

  private static JsonPath compile(String path) {
    String documentPath = path.startsWith("$$") ? path.substring(1) : path;
    return COMPILED.computeIfAbsent(documentPath, JsonPath::compile);
  }

  private static String describe(boolean fromContext) {
    return fromContext ? "context object" : "input";
  }
}
