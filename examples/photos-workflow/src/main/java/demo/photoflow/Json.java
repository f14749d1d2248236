package demo.photoflow;

import java.util.Map;

/** Writes the rows of this example (maps of strings, numbers, booleans and maps) as JSON for ctx.tables(). */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder json = new StringBuilder();
    append(json, value);
    return json.toString();
  }

  private static void append(StringBuilder json, Object value) {
    switch (value) {
      case null -> json.append("null");
      case Number number -> json.append(number);
      case Boolean bool -> json.append(bool);
      case Map<?, ?> map -> {
        json.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> field : map.entrySet()) {
          if (!first) {
            json.append(',');
          }
          first = false;
          quote(json, String.valueOf(field.getKey()));
          json.append(':');
          append(json, field.getValue());
        }
        json.append('}');
      }
      default -> quote(json, value.toString());
    }
  }

  private static void quote(StringBuilder json, String text) {
    json.append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
