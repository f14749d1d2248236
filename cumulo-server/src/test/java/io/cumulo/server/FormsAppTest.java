package io.cumulo.server;

import static io.cumulo.server.FormsApp.SUBMISSIONS;
import static io.cumulo.server.FormsApp.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @Test
  void reportsEveryInvalidField_andStoresNothing() {
    // One deployment for every case: each server start costs more than the requests.
    Map<String, List<String>> cases = Map.of(
        "{\"name\": \"\", \"email\": \"ada@example.org\", \"message\": \"hi\"}", List.of("name"),
        "{\"name\": \"Ada\", \"email\": \"ada.example.org\", \"message\": \"hi\"}", List.of("email"),
        "{\"name\": \"Ada\", \"email\": \"ada@example.org\", \"message\": \"  \"}", List.of("message"),
        "{\"email\": \"not an address\"}", List.of("name", "email", "message"));

    SoftAssertions.assertSoftly(softly -> cases.forEach((form, fields) -> {
      HttpResponse<String> refused = submit(server, form, "Idempotency-Key", "bad-1");
      softly.assertThat(refused.statusCode()).as(form).isEqualTo(422);
      softly.assertThat(refused.headers().firstValue("Content-Type")).as(form).hasValue("application/problem+json");
      JsonNode errors = RunningServer.json(refused).path("errors");
      softly.assertThat(errors.properties().stream().map(Map.Entry::getKey)).as(form)
          .containsExactlyInAnyOrderElementsOf(fields);
      errors.forEach(message -> softly.assertThat(message.asText()).as(form).isNotBlank());
    }));
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

  @Test
  void answersAProblem_whenTheRequestIsMalformed() {
    record Case(String what, HttpResponse<String> response) {}
    List<Case> cases = List.of(
        new Case("an empty body", submit(server, "")),
        new Case("a body that is not JSON", submit(server, "not json")),
        new Case("a JSON array", submit(server, "[1, 2]")),
        new Case("a JSON string", submit(server, "\"text\"")),
        new Case("a key with a space", submit(server, GOOD, "Idempotency-Key", "has space")),
        new Case("a key of 256 characters", submit(server, GOOD, "Idempotency-Key", "k".repeat(256))),
        new Case("limit 0", listWithKey("?limit=0")),
        new Case("limit 101", listWithKey("?limit=101")),
        new Case("limit ten", listWithKey("?limit=ten")));

    SoftAssertions.assertSoftly(softly -> cases.forEach(c -> {
      softly.assertThat(c.response().statusCode()).as(c.what()).isEqualTo(400);
      softly.assertThat(c.response().headers().firstValue("Content-Type")).as(c.what())
          .hasValue("application/problem+json");
    }));
    assertThat(FormsApp.storedIds(server, apiKey)).isEmpty();
  }

  private HttpResponse<String> listWithKey(String query) {
    return server.anonymous("GET", SUBMISSIONS + query, null, "x-api-key", apiKey);
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

  private static List<String> ids(JsonNode page) {
    return page.get("submissions").valueStream().map(s -> s.get("id").asText()).toList();
  }
}
