package io.cumulo.examples.photos.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void readsEveryKindOfValue_whenParsing() {
    Object value = Json.parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": {\"c\": \"x\\\"\\u00e9\\n\"}} ");

    Map<String, Object> c = new LinkedHashMap<>();
    c.put("c", "x\"é\n");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1L, -25.0, true, false, null));
    expected.put("b", c);
    assertThat(value).isEqualTo(expected);
  }

  @Test
  void writesTextThatReadsBack_whenValuesHaveSpecialCharacters() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", "quote \" backslash \\ tab \t <script> & \u2028");
    value.put("list", List.of(1L, 2.5, "x"));
    value.put("none", null);

    String json = Json.write(value);

    assertThat(json).doesNotContain("<", ">", "&");
    assertThat(Json.parse(json)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\" 1}", "[1,]", "\"open", "tru", "{} x", "{\"a\":01x}", "\"\\q\""})
  void refusesSaysWhere_whenTheTextIsNotJson(String text) {
    assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
  }
}
