package forms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void readsTextMembers_andNamesTheOthers_skippingNestedValues() {
    Json.Members members = Json.readObject("""
        {"name": "Ada \\u00e9\\n", "n": 1, "nested": {"name": "inner"}, "list": [1, {"a": 2}], "none": null}""");

    assertThat(members.texts()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("name", "Ada é\n"));
    assertThat(members.others()).containsExactlyInAnyOrder("n", "nested", "list");
  }

  @Test
  void keepsTheLastValue_whenAMemberRepeats() {
    Json.Members members = Json.readObject("{\"name\": \"first\", \"name\": 2, \"email\": 1, \"email\": \"last\"}");

    assertThat(members.texts()).containsOnlyKeys("email").containsEntry("email", "last");
    assertThat(members.others()).containsExactly("name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "null", "[]", "\"text\"", "42", "{", "{\"a\": }", "{} {}", "{} x", "{'a': 'b'}"})
  void readsNothing_whenTheTextIsNotOneJsonObject(String text) {
    assertThat(Json.readObject(text)).isNull();
  }

  @Test
  void writesAndReadsASubmission_withCharactersThatNeedEscaping() {
    Submission submission = new Submission("k\"1", "Ada \"A\" </script>", "a@b.co", "line\nbreak\ttab \\ 😀",
        "2026-11-22T05:00:00Z");

    assertThat(Submission.fromJson(submission.toJson())).isEqualTo(submission);
  }
}
