package demo.workflow;

import java.util.Map;

/** Writes the flat rows of this example (strings, numbers, booleans) as JSON for ctx.tables(). */
final class Json {
  private Json() {}

  static String write(Map<String, Object> row) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Object> field : row.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(quote(field.getKey())).append(':');
      Object value = field.getValue();
      json.append(value instanceof Number || value instanceof Boolean ? value.toString()
          : value == null ? "null" : quote(value.toString()));
    }
    return json.append('}').toString();
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
