package io.cumulo.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Value equality of JSON trees, where numbers compare by value (1 equals 1.0). */
final class JsonValues {
  private JsonValues() {}

  static boolean equal(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : a.properties()) {
        JsonNode other = b.get(field.getKey());
        if (other == null || !equal(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
