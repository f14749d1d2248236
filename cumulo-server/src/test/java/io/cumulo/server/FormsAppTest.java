package io.cumulo.server;

import static io.cumulo.server.FormsApp.SUBMISSIONS;
import static io.cumulo.server.FormsApp.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The form app's API through the gateway: submit, validation, idempotency, the keyed list. */
@Timeout(60)
class FormsAppTest {
  @RegisterExtension final RunningServer server = new RunningServer();

  private static final String GOOD = """
      {"name": "Ada Lovelace", "email": "ada@example.org", "message": "The engine works."}""";

  private String apiKey;

  @BeforeEach
  void deployForms() {
    FormsApp.deploy(server);
    apiKey = FormsApp.apiKey(server);
  }

  @Test
  void storesAGoodSubmission_underItsIdempotencyKey() {
    HttpResponse<String> created = submit(server, GOOD, "Idempotency-Key", "key-1");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = RunningServer.json(created);
    assertThat(body.get("id").asText()).isEqualTo("key-1");
    assertThat(body.get("name").asText()).isEqualTo("Ada Lovelace");
    assertThat(body.get("submittedAt").asText()).isNotBlank();
    JsonNode listed = FormsApp.list(server, apiKey, "");
    assertThat(listed.get("submissions")).hasSize(1);
    assertThat(listed.get("submissions").get(0)).isEqualTo(body);
    assertThat(listed.get("next").isNull()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"name\": \"\", \"email\": \"ada@example.org\", \"message\": \"hi\"}       | name",
      "{\"name\": \"Ada\", \"email\": \"ada.example.org\", \"message\": \"hi\"}    | email",
      "{\"name\": \"Ada\", \"email\": \"ada@example.org\", \"message\": \"  \"}    | message",
      "{\"email\": \"not an address\"}                                             | name,email,message"})
  void reportsEveryInvalidField_andStoresNothing(String form, String fields) {
    HttpResponse<String> refused = submit(server, form, "Idempotency-Key", "bad-1");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode errors = RunningServer.json(refused).get("errors");
    assertThat(errors.properties().stream().map(java.util.Map.Entry::getKey)).containsExactlyInAnyOrder(fields.split(","));
    errors.forEach(message -> assertThat(message.asText()).isNotBlank());
    assertThat(FormsApp.storedIds(server, apiKey)).isEmpty();
  }

  @Test
  void refusesTooLongFields_withTheLimitInTheMessage() {
    String form = "{\"name\": \"" + "n".repeat(101) + "\", \"email\": \"ada@example.org\", \"message\": \""
        + "m".repeat(5001) + "\"}";

    JsonNode errors = RunningServer.json(submit(server, form)).get("errors");

    assertThat(errors.get("name").asText()).contains("100");
    assertThat(errors.get("message").asText()).contains("5000");
  }

  @Test
  void storesOnce_whenTheSameKeyIsSentTwice_andAnswersTheOriginal() {
    HttpResponse<String> first = submit(server, GOOD, "Idempotency-Key", "retry-1");
    HttpResponse<String> again = submit(server, GOOD, "Idempotency-Key", "retry-1");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(RunningServer.json(again)).isEqualTo(RunningServer.json(first));
    assertThat(FormsApp.storedIds(server, apiKey)).containsExactly("retry-1");
  }

  @Test
  void refusesAKeyReusedForDifferentContent_andKeepsTheOriginal() {
    submit(server, GOOD, "Idempotency-Key", "reused");

    HttpResponse<String> other = submit(server, GOOD.replace("Ada Lovelace", "Charles Babbage"),
        "Idempotency-Key", "reused");

    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(other.body()).doesNotContain("Ada");
    JsonNode stored = FormsApp.list(server, apiKey, "").get("submissions");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).get("name").asText()).isEqualTo("Ada Lovelace");
  }

  @Test
  void storesEachRequestWithANewId_whenThereIsNoIdempotencyKey() {
    String first = RunningServer.json(submit(server, GOOD)).get("id").asText();
    String second = RunningServer.json(submit(server, GOOD)).get("id").asText();

    assertThat(first).isNotEqualTo(second).matches("[0-9a-f-]{36}");
    assertThat(FormsApp.storedIds(server, apiKey)).containsExactlyInAnyOrder(first, second);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1, 2]", "\"text\""})
  void refusesABody_whenItIsNotAJsonObject(String body) {
    HttpResponse<String> refused = submit(server, body);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void refusesAnIdempotencyKey_withSpacesOrTooLong() {
    assertThat(submit(server, GOOD, "Idempotency-Key", "has space").statusCode()).isEqualTo(400);
    assertThat(submit(server, GOOD, "Idempotency-Key", "k".repeat(256)).statusCode()).isEqualTo(400);
    assertThat(FormsApp.storedIds(server, apiKey)).isEmpty();
  }

  @Test
  void listsOnlyForHoldersOfAnApiKey() {
    submit(server, GOOD, "Idempotency-Key", "secret-1");

    HttpResponse<String> without = server.anonymous("GET", SUBMISSIONS, null);
    HttpResponse<String> wrong = server.anonymous("GET", SUBMISSIONS, null, "x-api-key", apiKey + "x");

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(without.body() + wrong.body()).doesNotContain("Ada");
  }

  @Test
  void pagesThroughSubmissions_inIdOrder() {
    for (String key : List.of("c", "a", "e", "b", "d")) {
      assertThat(submit(server, GOOD, "Idempotency-Key", key).statusCode()).isEqualTo(201);
    }

    JsonNode first = FormsApp.list(server, apiKey, "?limit=2");
    JsonNode second = FormsApp.list(server, apiKey, "?limit=2&after=" + first.get("next").asText());
    JsonNode last = FormsApp.list(server, apiKey, "?limit=2&after=" + second.get("next").asText());

    assertThat(ids(first)).containsExactly("a", "b");
    assertThat(ids(second)).containsExactly("c", "d");
    assertThat(ids(last)).containsExactly("e");
    assertThat(last.get("next").isNull()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"?limit=0", "?limit=101", "?limit=ten"})
  void refusesALimit_outsideOneToAHundred(String query) {
    HttpResponse<String> refused = server.anonymous("GET", SUBMISSIONS + query, null, "x-api-key", apiKey);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  private static List<String> ids(JsonNode page) {
    return page.get("submissions").valueStream().map(s -> s.get("id").asText()).toList();
  }
}
