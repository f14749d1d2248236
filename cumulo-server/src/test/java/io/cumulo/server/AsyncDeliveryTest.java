package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class AsyncDeliveryTest {
  @RegisterExtension final RunningServer server = new RunningServer();

  private JsonNode invocation(String id) {
    HttpResponse<String> response = server.get("/admin/v1/invocations/" + id);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RunningServer.json(response);
  }

  private void awaitStatus(String id, String status) {
    RunningServer.await(Duration.ofSeconds(20), "invocation " + id + " to be " + status,
        () -> invocation(id).get("status").asText().equals(status));
  }

  @Test
  void runsTheInvocationInTheBackground_andReportsItsOutcome() {
    server.deploy(manifest("demo", function("echo", "Echo")));

    String id = server.invokeAsync("demo/echo", "{\"msg\":\"later\"}");

    awaitStatus(id, "succeeded");
    assertThat(invocation(id).get("function").asText()).isEqualTo("demo/echo");
    assertThat(server.get("/admin/v1/functions/demo/echo/logs").body()).contains(id).contains("later");
  }

  @Test
  void retriesWithTheSameInvocationId_untilTheHandlerSucceeds() {
    server.deploy(manifest("demo", function("flaky", "FailUntilAttempt", "maxAttempts: 3")));

    String id = server.invokeAsync("demo/flaky", "{\"succeedOn\":3}");

    awaitStatus(id, "succeeded");
    assertThat(invocation(id).get("attempt").asInt()).isEqualTo(3);
    assertThat(RunningServer.json(server.get("/admin/v1/functions/demo/flaky/dlq")).get("deadLetters")).isEmpty();
  }

  @Test
  void deadLettersTheEventAfterItsLastAttempt_andReplaysIt() {
    server.deploy(manifest("demo", function("flaky", "FailUntilAttempt", "maxAttempts: 2")));
    String id = server.invokeAsync("demo/flaky", "{\"succeedOn\":3}");

    RunningServer.await(Duration.ofSeconds(20), "a dead letter",
        () -> RunningServer.json(server.get("/admin/v1/functions/demo/flaky/dlq")).get("deadLetters").size() == 1);
    JsonNode letter = RunningServer.json(server.get("/admin/v1/functions/demo/flaky/dlq")).get("deadLetters").get(0);
    assertThat(letter.get("eventId").asText()).isEqualTo(id);
    assertThat(letter.get("attempts").asInt()).isEqualTo(2);
    assertThat(letter.get("errorType").asText()).isEqualTo("HandlerError");
    assertThat(letter.get("errorMessage").asText()).contains("attempt 2 fails on purpose");
    assertThat(letter.get("payload").get("succeedOn").asInt()).isEqualTo(3);
    assertThat(invocation(id).get("deadLettered").asBoolean()).isTrue();

    // Redeploy so a replay (fresh attempts) can succeed on its first attempt.
    server.deploy(manifest("demo", function("flaky", "FailUntilAttempt", "maxAttempts: 2")));
    HttpResponse<String> replay = server.post("/admin/v1/functions/demo/flaky/dlq/replay", "{\"all\":true}");

    assertThat(RunningServer.json(replay).get("replayed").asInt()).isEqualTo(1);
    assertThat(RunningServer.json(server.get("/admin/v1/functions/demo/flaky/dlq")).get("deadLetters")).isEmpty();
    // Replays start again at attempt 1, so this payload dead-letters once more: proof it ran.
    RunningServer.await(Duration.ofSeconds(20), "the replayed event to be dead-lettered again",
        () -> RunningServer.json(server.get("/admin/v1/functions/demo/flaky/dlq")).get("deadLetters").size() == 1);
  }

  @Test
  void deliversEveryEvent_whenMoreArriveThanTheFunctionCanQueue() {
    server.deploy(manifest("demo", function("sleep", "Sleep", "maxInstances: 1", "maxQueued: 1")));
    String[] ids = new String[20];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = server.invokeAsync("demo/sleep", "{\"millis\":5}");
    }

    for (String id : ids) {
      awaitStatus(id, "succeeded");
      assertThat(invocation(id).get("attempt").asInt()).as("throttling is not a failed attempt").isEqualTo(1);
    }
  }

  @Test
  void deliversEventsAcceptedBeforeARestart() throws Exception {
    server.deploy(manifest("demo", function("sleep", "Sleep", "maxInstances: 1")));
    String[] ids = new String[5];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = server.invokeAsync("demo/sleep", "{\"millis\":200}");
    }

    server.restart();

    for (String id : ids) {
      awaitStatus(id, "succeeded");
    }
  }

  @Test
  void refusesAsyncInvocations_ofMissingFunctionsAndInvalidJson() {
    server.deploy(manifest("demo", function("echo", "Echo")));

    HttpResponse<String> missing = server.post("/admin/v1/functions/demo/nope/invoke", "{}",
        "X-Cumulo-Invocation-Type", "Event");
    HttpResponse<String> broken = server.post("/admin/v1/functions/demo/echo/invoke", "{\"a\":",
        "X-Cumulo-Invocation-Type", "Event");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(RunningServer.json(broken).get("code").asText()).isEqualTo("InvalidInput");
  }

  @Test
  void firesScheduleTriggers_asDurableEvents() {
    server.deploy(manifest("demo", function("tick", "Echo", "triggers:", "  - schedule: \"rate(1 second)\"")));

    RunningServer.await(Duration.ofSeconds(10), "two scheduled runs",
        () -> server.get("/admin/v1/functions/demo/tick/logs").body().lines()
            .filter(l -> l.contains("Scheduled") || l.contains("schedule=rate(1 second)")).count() >= 2);
  }
}
