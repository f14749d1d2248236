package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A compiled Parameters, ItemSelector or ResultSelector object: fields whose name ends in {@code
 * .$} take their value from a JSONPath, a context path or an intrinsic call; all other values are
 * copied, with nested objects and arrays compiled the same way.
 */
public sealed interface PayloadTemplate {

  /**
   * Builds the payload.
   *
   * @param pathError the error name when a path matches nothing
   */
  JsonNode render(JsonNode input, JsonNode context, RandomGenerator random, String pathError);

  /**
   * Compiles a template, adding a message to {@code problems} for every invalid {@code .$} value.
   *
   * @param where e.g. {@code state "X": Parameters}, to prefix messages with
   */
  static PayloadTemplate compile(JsonNode template, String where, List<String> problems) {
    if (template.isObject()) {
      Map<String, PayloadTemplate> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : template.properties()) {
        String name = field.getKey();
        String fieldWhere = where + "." + name;
        if (name.endsWith(".$")) {
          String plainName = name.substring(0, name.length() - 2);
          fields.put(plainName, dynamic(field.getValue(), where + "." + plainName, problems));
        } else {
          fields.put(name, compile(field.getValue(), fieldWhere, problems));
        }
      }
      return new ObjectTemplate(fields);
    }
    if (template.isArray()) {
      List<PayloadTemplate> items = new ArrayList<>();
      for (int i = 0; i < template.size(); i++) {
        items.add(compile(template.get(i), where + "[" + i + "]", problems));
      }
      return new ArrayTemplate(items);
    }
    return new Constant(template);
  }

  private static PayloadTemplate dynamic(JsonNode value, String where, List<String> problems) {
    if (!value.isTextual()) {
      problems.add(where + ".$ must be a JSONPath or an intrinsic function, was " + value);
      return new Constant(value);
    }
    String text = value.textValue();
    if (IntrinsicExpression.looksLikeCall(text)) {
      try {
        return new Intrinsic(IntrinsicExpression.parse(text));
      } catch (IllegalArgumentException e) {
        problems.add(where + ".$ is not a valid intrinsic function: " + e.getMessage());
        return new Constant(value);
      }
    }
    if (!JsonPaths.isPath(text)) {
      problems.add(where + ".$ is not a valid JSONPath: '" + text + "'");
      return new Constant(value);
    }
    return new PathValue(text);
  }

  /** A value copied as written. */
  record Constant(JsonNode value) implements PayloadTemplate {
    @Override
    public JsonNode render(
        JsonNode input, JsonNode context, RandomGenerator random, String pathError) {
      return value;
    }
  }

  /** A {@code .$} field with a path. */
  record PathValue(String path) implements PayloadTemplate {
    @Override
    public JsonNode render(
        JsonNode input, JsonNode context, RandomGenerator random, String pathError) {
      return JsonPaths.read(path, input, context, pathError);
    }
  }

  /** A {@code .$} field with an intrinsic call. */
  record Intrinsic(IntrinsicExpression.Call call) implements PayloadTemplate {
    @Override
    public JsonNode render(
        JsonNode input, JsonNode context, RandomGenerator random, String pathError) {
      return IntrinsicFunctions.evaluate(call, input, context, random);
    }
  }

  /** An object whose fields are templates. */
  record ObjectTemplate(Map<String, PayloadTemplate> fields) implements PayloadTemplate {
    @Override
    public JsonNode render(
        JsonNode input, JsonNode context, RandomGenerator random, String pathError) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      fields.forEach(
          (name, value) -> object.set(name, value.render(input, context, random, pathError)));
      return object;
    }
  }

  /** An array whose items are templates. */
  record ArrayTemplate(List<PayloadTemplate> items) implements PayloadTemplate {
    @Override
    public JsonNode render(
        JsonNode input, JsonNode context, RandomGenerator random, String pathError) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      items.forEach(item -> array.add(item.render(input, context, random, pathError)));
      return array;
    }
  }
}
