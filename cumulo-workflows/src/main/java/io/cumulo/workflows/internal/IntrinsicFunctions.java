package io.cumulo.workflows.internal;

import static io.cumulo.workflows.StatesErrors.INTRINSIC_FAILURE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.workflows.StatesErrors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** The intrinsic functions of the States Language, evaluated over Jackson trees. */
public final class IntrinsicFunctions {
  /** The names {@link IntrinsicExpression#parse} accepts. */
  public static final Set<String> NAMES =
      Set.of(
          "States.Format",
          "States.StringToJson",
          "States.JsonToString",
          "States.Array",
          "States.ArrayPartition",
          "States.ArrayContains",
          "States.ArrayRange",
          "States.ArrayGetItem",
          "States.ArrayLength",
          "States.ArrayUnique",
          "States.Base64Encode",
          "States.Base64Decode",
          "States.Hash",
          "States.JsonMerge",
          "States.MathRandom",
          "States.MathAdd",
          "States.StringSplit",
          "States.UUID");

  private static final Map<String, String> HASH_ALGORITHMS =
      Map.of(
          "MD5", "MD5",
          "SHA-1", "SHA-1",
          "SHA-256", "SHA-256",
          "SHA-384", "SHA-384",
          "SHA-512", "SHA-512");

  /** The largest array States.ArrayRange produces, as in the spec. */
  private static final int MAX_RANGE_ITEMS = 1000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private IntrinsicFunctions() {}

  /**
   * Evaluates an intrinsic expression.
   *
   * @param random the source for States.UUID and unseeded States.MathRandom
   * @throws StatesError {@code States.IntrinsicFailure} on a wrong argument, or a path failure
   */
  public static JsonNode evaluate(
      IntrinsicExpression expression, JsonNode input, JsonNode context, RandomGenerator random) {
    return switch (expression) {
      case IntrinsicExpression.Literal literal -> literal.value();
      case IntrinsicExpression.Path path ->
          JsonPaths.read(path.path(), input, context, StatesErrors.INTRINSIC_FAILURE);
      case IntrinsicExpression.Call call -> {
        List<JsonNode> arguments = new ArrayList<>();
        for (IntrinsicExpression argument : call.arguments()) {
          arguments.add(evaluate(argument, input, context, random));
        }
        yield apply(call.name(), arguments, random);
      }
    };
  }

  private static JsonNode apply(String name, List<JsonNode> args, RandomGenerator random) {
    return switch (name) {
      case "States.Format" -> format(args);
      case "States.StringToJson" -> stringToJson(text(name, args, 1, 0));
      case "States.JsonToString" -> NODES.textNode(one(name, args).toString());
      case "States.Array" -> NODES.arrayNode().addAll(args);
      case "States.ArrayPartition" -> partition(array(name, args, 2, 0), integer(name, args, 1));
      case "States.ArrayContains" ->
          NODES.booleanNode(contains(array(name, args, 2, 0), args.get(1)));
      case "States.ArrayRange" -> range(args);
      case "States.ArrayGetItem" -> getItem(array(name, args, 2, 0), integer(name, args, 1));
      case "States.ArrayLength" -> NODES.numberNode(array(name, args, 1, 0).size());
      case "States.ArrayUnique" -> unique(array(name, args, 1, 0));
      case "States.Base64Encode" ->
          NODES.textNode(
              Base64.getEncoder()
                  .encodeToString(text(name, args, 1, 0).getBytes(StandardCharsets.UTF_8)));
      case "States.Base64Decode" -> base64Decode(text(name, args, 1, 0));
      case "States.Hash" -> hash(text(name, args, 2, 0), text(name, args, 2, 1));
      case "States.JsonMerge" -> merge(args);
      case "States.MathRandom" -> mathRandom(args, random);
      case "States.MathAdd" ->
          number(Math.addExact((long) integer(name, args, 0, 2), integer(name, args, 1)));
      case "States.StringSplit" -> split(text(name, args, 2, 0), text(name, args, 2, 1));
      case "States.UUID" -> uuid(args, random);
      default -> throw new IllegalStateException("parser admitted unknown function " + name);
    };
  }

  private static JsonNode format(List<JsonNode> args) {
    if (args.isEmpty() || !args.getFirst().isTextual()) {
      throw failure("States.Format needs a template string as its first argument");
    }
    String template = args.getFirst().textValue();
    StringBuilder out = new StringBuilder();
    int next = 1;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '\\' && i + 1 < template.length()) {
        out.append(template.charAt(++i));
      } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
        if (next >= args.size()) {
          throw failure("States.Format has more placeholders than arguments");
        }
        JsonNode value = args.get(next++);
        if (value.isContainerNode()) {
          throw failure("States.Format arguments must be strings, numbers, booleans or null");
        }
        out.append(value.isTextual() ? value.textValue() : value.toString());
        i++;
      } else {
        out.append(c);
      }
    }
    if (next != args.size()) {
      throw failure("States.Format has more arguments than placeholders");
    }
    return NODES.textNode(out.toString());
  }

  private static JsonNode stringToJson(String text) {
    try {
      return JsonPaths.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw failure("States.StringToJson: the argument is not JSON: " + e.getOriginalMessage());
    }
  }

  private static JsonNode partition(ArrayNode array, int size) {
    if (size <= 0) {
      throw failure("States.ArrayPartition: the chunk size must be positive, was " + size);
    }
    ArrayNode chunks = NODES.arrayNode();
    ArrayNode chunk = null;
    for (int i = 0; i < array.size(); i++) {
      if (i % size == 0) {
        chunk = chunks.addArray();
      }
      chunk.add(array.get(i));
    }
    return chunks;
  }

  private static boolean contains(ArrayNode array, JsonNode value) {
    for (JsonNode item : array) {
      if (JsonValues.equal(item, value)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode range(List<JsonNode> args) {
    long first = integer("States.ArrayRange", args, 0, 3);
    long last = integer("States.ArrayRange", args, 1);
    long step = integer("States.ArrayRange", args, 2);
    if (step == 0) {
      throw failure("States.ArrayRange: the step must not be 0");
    }
    ArrayNode range = NODES.arrayNode();
    for (long i = first; step > 0 ? i <= last : i >= last; i += step) {
      if (range.size() == MAX_RANGE_ITEMS) {
        throw failure("States.ArrayRange: more than " + MAX_RANGE_ITEMS + " items");
      }
      range.add(number(i));
    }
    return range;
  }

  private static JsonNode getItem(ArrayNode array, int index) {
    if (index < 0 || index >= array.size()) {
      throw failure("States.ArrayGetItem: index " + index + " is outside 0.." + (array.size() - 1));
    }
    return array.get(index);
  }

  private static JsonNode unique(ArrayNode array) {
    ArrayNode unique = NODES.arrayNode();
    for (JsonNode item : array) {
      if (!contains(unique, item)) {
        unique.add(item);
      }
    }
    return unique;
  }

  private static JsonNode base64Decode(String text) {
    try {
      return NODES.textNode(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw failure("States.Base64Decode: the argument is not base64: " + e.getMessage());
    }
  }

  private static JsonNode hash(String data, String algorithm) {
    String javaName = HASH_ALGORITHMS.get(algorithm);
    if (javaName == null) {
      throw failure(
          "States.Hash: algorithm '" + algorithm + "' is not one of " + HASH_ALGORITHMS.keySet());
    }
    try {
      byte[] digest =
          MessageDigest.getInstance(javaName).digest(data.getBytes(StandardCharsets.UTF_8));
      return NODES.textNode(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides " + javaName, e);
    }
  }

  private static JsonNode merge(List<JsonNode> args) {
    if (args.size() != 3
        || !args.get(0).isObject()
        || !args.get(1).isObject()
        || !args.get(2).isBoolean()) {
      throw failure("States.JsonMerge takes two objects and a boolean (deep merge)");
    }
    return mergeInto((ObjectNode) args.get(0).deepCopy(), args.get(1), args.get(2).booleanValue());
  }

  private static ObjectNode mergeInto(ObjectNode target, JsonNode source, boolean deep) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      JsonNode existing = target.get(field.getKey());
      if (deep && existing != null && existing.isObject() && field.getValue().isObject()) {
        mergeInto((ObjectNode) existing, field.getValue(), true);
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
    return target;
  }

  private static JsonNode mathRandom(List<JsonNode> args, RandomGenerator random) {
    if (args.size() != 2 && args.size() != 3) {
      throw failure("States.MathRandom takes a start, an end and an optional seed");
    }
    long start = integer("States.MathRandom", args, 0);
    long end = integer("States.MathRandom", args, 1);
    if (end <= start) {
      throw failure("States.MathRandom: the end must be greater than the start");
    }
    RandomGenerator source =
        args.size() == 3 ? new Random(integer("States.MathRandom", args, 2)) : random;
    return number(source.nextLong(start, end));
  }

  private static JsonNode split(String text, String delimiters) {
    ArrayNode parts = NODES.arrayNode();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || delimiters.indexOf(text.charAt(i)) >= 0) {
        if (!part.isEmpty()) {
          parts.add(part.toString());
        }
        part.setLength(0);
      } else {
        part.append(text.charAt(i));
      }
    }
    return parts;
  }

  private static JsonNode uuid(List<JsonNode> args, RandomGenerator random) {
    if (!args.isEmpty()) {
      throw failure("States.UUID takes no arguments");
    }
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return NODES.textNode(new UUID(high, low).toString());
  }

  /** An int node when the value fits, so results compare equal to parsed JSON numbers. */
  static JsonNode number(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  private static JsonNode one(String name, List<JsonNode> args) {
    if (args.size() != 1) {
      throw failure(name + " takes 1 argument, got " + args.size());
    }
    return args.getFirst();
  }

  private static String text(String name, List<JsonNode> args, int count, int index) {
    checkCount(name, args, count);
    JsonNode value = args.get(index);
    if (!value.isTextual()) {
      throw failure(name + ": argument " + (index + 1) + " must be a string, was " + value);
    }
    return value.textValue();
  }

  private static ArrayNode array(String name, List<JsonNode> args, int count, int index) {
    checkCount(name, args, count);
    if (!(args.get(index) instanceof ArrayNode array)) {
      throw failure(
          name + ": argument " + (index + 1) + " must be an array, was " + args.get(index));
    }
    return array;
  }

  private static int integer(String name, List<JsonNode> args, int index, int count) {
    checkCount(name, args, count);
    return integer(name, args, index);
  }

  private static int integer(String name, List<JsonNode> args, int index) {
    JsonNode value = args.get(index);
    if (!value.isIntegralNumber()
        && !(value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue()))) {
      throw failure(name + ": argument " + (index + 1) + " must be an integer, was " + value);
    }
    return value.intValue();
  }

  private static void checkCount(String name, List<JsonNode> args, int count) {
    if (args.size() != count) {
      throw failure(name + " takes " + count + " arguments, got " + args.size());
    }
  }

  private static StatesError failure(String cause) {
    return new StatesError(INTRINSIC_FAILURE, cause);
  }
}
