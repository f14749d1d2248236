package forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormValidationTest {
  private static Json.Members form(String name, String email, String message) {
    return new Json.Members(new HashMap<>(Map.of("name", name, "email", email, "message", message)), Set.of());
  }

  private static Json.Members with(Json.Members form, String field, String value) {
    Map<String, String> texts = new HashMap<>(form.texts());
    texts.put(field, value);
    return new Json.Members(texts, form.others());
  }

  @Test
  void acceptsAGoodForm_andTrimsNameAndEmail() {
    var result = FormValidation.validate(form("  Ada Lovelace ", " ada@example.org ", "Hello!\nSecond line."));

    assertThat(result).isEqualTo(new FormValidation.Valid(
        new SubmissionForm("Ada Lovelace", "ada@example.org", "Hello!\nSecond line.")));
  }

  @Test
  void reportsEveryMissingField_atOnce() {
    var result = FormValidation.validate(Json.readObject("{\"name\": null}"));

    assertThat(result).isInstanceOfSatisfying(FormValidation.Invalid.class, invalid ->
        assertThat(invalid.errors()).containsOnlyKeys("name", "email", "message"));
  }

  @Test
  void reportsAFieldThatIsNotText() {
    Json.Members body = Json.readObject("{\"name\": 42, \"email\": \"a@b.co\", \"message\": [\"hi\"]}");

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
    Json.Members body = with(form("Ada", "ada@example.org", "hi"), field, "😀".repeat(length));

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
