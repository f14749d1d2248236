package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the typed fields of a definition (paths, templates, durations), adding a message to the
 * shared problem list for each invalid one and returning a harmless default so parsing goes on.
 */
final class FieldReader {
  private final List<String> problems;

  FieldReader(List<String> problems) {
    this.problems = problems;
  }

  String path(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return "$";
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual() || !JsonPaths.isPath(value.textValue())) {
      problems.add(where + field + " is not a valid JSONPath: " + value);
      return "$";
    }
    return value.textValue();
  }

  String referencePath(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return "$";
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual() || !JsonPaths.isReferencePath(value.textValue())) {
      problems.add(where + field + " is not a valid Reference Path (like $.a.b): " + value);
      return "$";
    }
    return value.textValue();
  }

  PayloadTemplate template(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      problems.add(where + field + " must be a JSON object");
      return null;
    }
    return PayloadTemplate.compile(value, where + field, problems);
  }

  Duration seconds(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || value.longValue() <= 0) {
      problems.add(where + field + " must be a positive integer, was " + value);
      return null;
    }
    return Duration.ofSeconds(value.longValue());
  }

  PayloadTemplate dynamicString(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    List<String> found = new ArrayList<>();
    PayloadTemplate template =
        PayloadTemplate.compile(
            JsonNodeFactory.instance.objectNode().set("v.$", value), where + field, found);
    found.replaceAll(message -> message.replace(where + field + ".v.$", where + field));
    problems.addAll(found);
    return found.isEmpty() ? ((PayloadTemplate.ObjectTemplate) template).fields().get("v") : null;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }
}
