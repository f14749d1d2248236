package forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode form(String name, String email, String message) {
    return JSON.createObjectNode().put("name", name).put("email", email).put("message", message);
  }

  @Test
  void acceptsAGoodForm_andTrimsNameAndEmail() {
    var result = FormValidation.validate(form("  Ada Lovelace ", " ada@example.org ", "Hello!\nSecond line."));

    assertThat(result).isEqualTo(new FormValidation.Valid(
        new SubmissionForm("Ada Lovelace", "ada@example.org", "Hello!\nSecond line.")));
  }

  @Test
  void reportsEveryMissingField_atOnce() {
    var result = FormValidation.validate(JSON.createObjectNode());

    assertThat(result).isInstanceOfSatisfying(FormValidation.Invalid.class, invalid ->
        assertThat(invalid.errors()).containsOnlyKeys("name", "email", "message"));
  }

  @Test
  void reportsAFieldThatIsNotText() throws Exception {
    JsonNode body = JSON.readTree("{\"name\": 42, \"email\": \"a@b.co\", \"message\": [\"hi\"]}");

    var result = FormValidation.validate(body);

    assertThat(result).isInstanceOfSatisfying(FormValidation.Invalid.class, invalid -> {
      assertThat(invalid.errors()).containsOnlyKeys("name", "message");
      assertThat(invalid.errors().get("name")).isEqualTo("This field must be text.");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "a@b", "a@@b.co", "a b@c.co", "a@b..co", "a@.b.co", "@b.co", "a@b.co."})
  void refusesAnEmail_whenItIsNotAnAddress(String email) {
    var result = FormValidation.validate(form("Ada", email, "hi"));

    assertThat(result).isInstanceOfSatisfying(FormValidation.Invalid.class, invalid ->
        assertThat(invalid.errors()).containsOnlyKeys("email"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a@b.co", "first.last+tag@mail.example.org", "ü@bücher.de", "x_y@sub-domain.example"})
  void acceptsAnEmail_whenItLooksLikeAnAddress(String email) {
    assertThat(FormValidation.validate(form("Ada", email, "hi"))).isInstanceOf(FormValidation.Valid.class);
  }

  @ParameterizedTest
  @CsvSource({"name, 100, true", "name, 101, false", "message, 5000, true", "message, 5001, false"})
  void limitsLengths_countingCharactersNotUtf16Units(String field, int length, boolean valid) {
    // An emoji is two UTF-16 units; the limit counts it once.
    ObjectNode body = form("Ada", "ada@example.org", "hi").put(field, "😀".repeat(length));

    var result = FormValidation.validate(body);

    if (valid) {
      assertThat(result).isInstanceOf(FormValidation.Valid.class);
    } else {
      assertThat(result).isInstanceOfSatisfying(FormValidation.Invalid.class, invalid ->
          assertThat(invalid.errors()).containsOnlyKeys(field));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"   ", "Ada\nLovelace", "Ada\u0000"})
  void refusesAName_whenBlankOrWithControlCharacters(String name) {
    assertThat(FormValidation.validate(form(name, "ada@example.org", "hi")))
        .isInstanceOfSatisfying(FormValidation.Invalid.class, invalid ->
            assertThat(invalid.errors()).containsOnlyKeys("name"));
  }
}
