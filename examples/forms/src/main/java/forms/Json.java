package forms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * JSON through Jackson's streaming API, bundled in the function's jar (the platform lends only
 * cumulo-api). Streaming rather than databind because every cold instance loads its classes
 * afresh: jackson-core alone starts several times faster, and the app's JSON is flat.
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /**
   * The members of a JSON object at its top level.
   *
   * @param texts members whose value is a string
   * @param others names of members whose value is a number, boolean, array or object (not null)
   */
  record Members(Map<String, String> texts, Set<String> others) {}

  /** Reads a JSON object's members; null when the text is not one well-formed JSON object. */
  static Members readObject(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, String> texts = new HashMap<>();
      Set<String> others = new HashSet<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        texts.remove(name);
        others.remove(name);
        if (value == JsonToken.VALUE_STRING) {
          texts.put(name, parser.getText());
        } else if (value != JsonToken.VALUE_NULL) {
          others.add(name);
          parser.skipChildren();
        }
      }
      // Nothing may follow the object.
      return parser.nextToken() == null ? new Members(texts, others) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Writes JSON with a generator; the app only writes to memory, so I/O cannot fail. */
  static String write(Writing writing) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      writing.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON", e);
    }
    return out.toString();
  }

  /** What to write. */
  @FunctionalInterface
  interface Writing {
    void writeTo(JsonGenerator json) throws IOException;
  }
}
