package io.cumulo.server;

import static io.cumulo.server.RunningServer.json;
import static io.cumulo.server.TestApps.function;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.core.runtime.InvocationRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Workflows end to end: deploy, start over the admin API, run Task states on functions, inspect. */
class WorkflowTest {
  @RegisterExtension final RunningServer server = new RunningServer();

  private static final String APP = "name: wf\nbuckets: [wf-in]\nfunctions:\n"
      + function("echo", "Echo") + function("flaky", "Flaky")
      + "workflows:\n"
      + "  pipeline:\n    definition: pipeline.asl.json\n"
      + "  waiting:\n    definition: waiting.asl.json\n"
      + "  uploads:\n    definition: uploads.asl.json\n    triggers:\n      - bucket: wf-in\n"
      + "  orders:\n    definition: orders.asl.json\n    triggers:\n      - table: orders\n";

  /** Pass, a Task retried past two failures, a Parallel of a Task and a Pass, then a Choice. */
  private static final String PIPELINE = """
      {"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Parameters": {"token.$": "$.token", "failTimes.$": "$.failTimes"},
                    "ResultPath": "$.flaky", "Next": "CallFlaky"},
        "CallFlaky": {"Type": "Task", "Resource": "cumulo:function:wf/flaky", "InputPath": "$.flaky",
                      "ResultPath": "$.flakyResult", "Next": "Both",
                      "Retry": [{"ErrorEquals": ["FlakyException"], "IntervalSeconds": 1, "BackoffRate": 1,
                                 "MaxAttempts": 2}],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Failed"}]},
        "Both": {"Type": "Parallel", "ResultPath": "$.both", "Next": "Done", "Branches": [
          {"StartAt": "Echo", "States": {"Echo": {"Type": "Task", "Resource": "cumulo:function:wf/echo",
             "Parameters": {"said.$": "$.token"}, "End": true}}},
          {"StartAt": "Count", "States": {"Count": {"Type": "Pass", "Parameters": {"calls.$": "$.flakyResult.calls"},
             "End": true}}}]},
        "Done": {"Type": "Succeed"},
        "Failed": {"Type": "Pass", "Parameters": {"marked": "failed", "error.$": "$.failure.Error"}, "End": true}
      }}""";

  private static final String WAITING = """
      {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";

  private static final String UPLOADS = """
      {"StartAt": "Key", "States": {"Key": {"Type": "Pass",
        "Parameters": {"key.$": "$.Records[0].s3.object.key"}, "End": true}}}""";

  private static final String ORDERS = """
      {"StartAt": "Seen", "States": {"Seen": {"Type": "Pass", "End": true}}}""";

  private static final Map<String, String> FILES = Map.of("pipeline.asl.json", PIPELINE,
      "waiting.asl.json", WAITING, "uploads.asl.json", UPLOADS, "orders.asl.json", ORDERS);

  private JsonNode start(String workflow, String input) {
    HttpResponse<String> response = server.post("/admin/v1/apps/wf/workflows/" + workflow + "/executions", input);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response);
  }

  private JsonNode awaitEnd(String id) {
    JsonNode[] last = new JsonNode[1];
    RunningServer.await(Duration.ofSeconds(20), "execution " + id + " to end", () -> {
      last[0] = json(server.get("/admin/v1/executions/" + id));
      return !last[0].path("status").asText().equals("RUNNING");
    });
    return last[0];
  }

  private List<JsonNode> history(String id) {
    List<JsonNode> events = new ArrayList<>();
    json(server.get("/admin/v1/executions/" + id + "/history")).path("events").forEach(events::add);
    return events;
  }

  private static List<JsonNode> ofType(List<JsonNode> events, String type, String state) {
    return events.stream().filter(e -> e.path("type").asText().equals(type)
        && (state == null || e.path("state").asText().equals(state))).toList();
  }

  @Test
  void runsEveryStateAndRecordsItsInputAndOutput_whenStartedOverTheAdminApi() {
    server.deploy(APP, FILES);

    JsonNode started = start("pipeline", "{\"token\": \"t1\", \"failTimes\": 2}");
    JsonNode done = awaitEnd(started.path("id").asText());

    assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.path("output").path("flakyResult").path("calls").asInt()).isEqualTo(3);
    assertThat(done.path("output").path("both").get(0)).isEqualTo(json("{\"said\": \"t1\"}"));
    assertThat(done.path("output").path("both").get(1)).isEqualTo(json("{\"calls\": 3}"));
    List<JsonNode> history = history(started.path("id").asText());
    for (String state : List.of("Prepare", "CallFlaky", "Both", "Echo", "Count", "Done")) {
      assertThat(ofType(history, "StateEntered", state)).as("entered " + state).hasSize(1)
          .allSatisfy(e -> assertThat(e.path("detail").has("input")).isTrue());
      assertThat(ofType(history, "StateExited", state)).as("exited " + state).hasSize(1)
          .allSatisfy(e -> assertThat(e.path("detail").has("output")).isTrue());
    }
    assertThat(ofType(history, "StateEntered", "Prepare").getFirst().path("detail").path("input"))
        .isEqualTo(json("{\"token\": \"t1\", \"failTimes\": 2}"));
    assertThat(ofType(history, "TaskFailed", "CallFlaky")).hasSize(2)
        .allSatisfy(e -> assertThat(e.path("detail").path("error").asText()).isEqualTo("FlakyException"));
    assertThat(ofType(history, "StateRetryScheduled", "CallFlaky")).hasSize(2);
    assertThat(ofType(history, "TaskScheduled", "CallFlaky")).extracting(e -> e.path("detail")
        .path("idempotencyKey").asText()).doesNotHaveDuplicates().hasSize(3);
    assertThat(history.getLast().path("type").asText()).isEqualTo("ExecutionSucceeded");
  }

  @Test
  void followsTheCatch_whenRetriesRunOut() {
    server.deploy(APP, FILES);

    JsonNode done = awaitEnd(start("pipeline", "{\"token\": \"t2\", \"failTimes\": 5}").path("id").asText());

    assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.path("output")).isEqualTo(json("{\"marked\": \"failed\", \"error\": \"FlakyException\"}"));
    List<JsonNode> history = history(done.path("id").asText());
    assertThat(ofType(history, "TaskFailed", "CallFlaky")).hasSize(3);
    assertThat(ofType(history, "StateEntered", "Failed")).hasSize(1);
    assertThat(ofType(history, "StateEntered", "Both")).isEmpty();
  }

  @Test
  void stopsAWaitingExecution_andKeepsTheCause() {
    server.deploy(APP, FILES);
    String id = start("waiting", "{}").path("id").asText();
    RunningServer.await(Duration.ofSeconds(10), "the Wait to be entered",
        () -> !ofType(history(id), "StateEntered", "Nap").isEmpty());

    HttpResponse<String> stopped = server.post("/admin/v1/executions/" + id + "/stop", "{\"cause\": \"no longer needed\"}");

    assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
    assertThat(json(stopped).path("status").asText()).isEqualTo("ABORTED");
    assertThat(json(stopped).path("cause").asText()).isEqualTo("no longer needed");
    assertThat(json(server.get("/admin/v1/apps/wf/workflows/waiting/executions?status=ABORTED"))
        .path("executions")).extracting(e -> e.path("id").asText()).containsExactly(id);
    assertThat(history(id).getLast().path("type").asText()).isEqualTo("ExecutionAborted");
  }

  @Test
  void resumesAWaitAfterARestart_withItsDeadlineKept() throws Exception {
    server.deploy(APP, FILES);
    String id = start("waiting", "{}").path("id").asText();
    RunningServer.await(Duration.ofSeconds(10), "the Wait to be entered",
        () -> !ofType(history(id), "StateEntered", "Nap").isEmpty());

    server.restart();

    assertThat(json(server.get("/admin/v1/executions/" + id)).path("status").asText()).isEqualTo("RUNNING");
    assertThat(server.server().platform().workflows().stop(id, "after restart").status()).isEqualTo("ABORTED");
  }

  @Test
  void refusesTheDeploy_whenADefinitionIsInvalid() {
    String bad = PIPELINE.replace("\"Next\": \"Both\"", "\"Next\": \"Nowhere\"");
    HttpResponse<String> response = server.send("POST", "/admin/v1/apps",
        TestApps.bundle(APP, Map.of("pipeline.asl.json", bad, "waiting.asl.json", WAITING,
            "uploads.asl.json", UPLOADS, "orders.asl.json", ORDERS)), "Content-Type", "application/zip");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("workflows.pipeline", "CallFlaky", "Next", "Nowhere");
    assertThat(server.get("/admin/v1/apps").body()).doesNotContain("\"wf\"");
  }

  @Test
  void refusesTheDeploy_whenATaskNamesAFunctionThatDoesNotExist() {
    String bad = PIPELINE.replace("cumulo:function:wf/echo", "cumulo:function:wf/nope");
    HttpResponse<String> response = server.send("POST", "/admin/v1/apps",
        TestApps.bundle(APP, Map.of("pipeline.asl.json", bad, "waiting.asl.json", WAITING,
            "uploads.asl.json", UPLOADS, "orders.asl.json", ORDERS)), "Content-Type", "application/zip");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("workflows.pipeline", "Echo", "Resource", "wf/nope");
  }

  @Test
  void answersProblems_forUnknownWorkflowsExecutionsAndBadInput() {
    server.deploy(APP, FILES);

    assertThat(server.post("/admin/v1/apps/wf/workflows/nope/executions", "{}").statusCode()).isEqualTo(404);
    assertThat(server.get("/admin/v1/executions/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> bad = server.post("/admin/v1/apps/wf/workflows/pipeline/executions", "{not json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).contains("problem+json"));
  }

  @Test
  void startsOneExecutionPerUpload_evenWhenTheEventIsDeliveredAgain() {
    server.deploy(APP, FILES);
    var root = server.server().rootKey();
    try (S3Client s3 = S3Client.builder().endpointOverride(server.server().s3Uri()).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(root.accessKeyId(), root.secretKey()))).build()) {
      s3.putObject(b -> b.bucket("wf-in").key("a.jpg"), RequestBody.fromString("a"));
      s3.putObject(b -> b.bucket("wf-in").key("b.jpg"), RequestBody.fromString("b"));
    }
    String list = "/admin/v1/apps/wf/workflows/uploads/executions?status=SUCCEEDED";
    RunningServer.await(Duration.ofSeconds(20), "two executions",
        () -> json(server.get(list)).path("executions").size() == 2);
    JsonNode first = json(server.get(list)).path("executions").get(0);
    String eventId = first.path("name").asText().substring("event-".length());

    // What the event log does when a crash comes between starting and completing the event.
    server.server().platform().runtime().invoke("wf/workflow:uploads",
        first.path("input").toString().getBytes(StandardCharsets.UTF_8), new InvocationRequest(eventId, 2, null));

    JsonNode executions = json(server.get("/admin/v1/apps/wf/workflows/uploads/executions")).path("executions");
    assertThat(executions).hasSize(2);
    assertThat(executions).extracting(e -> e.path("output").path("key").asText())
        .containsExactlyInAnyOrder("a.jpg", "b.jpg");
  }

  @Test
  void startsAnExecutionPerTableChange_whenTheWorkflowHasATableTrigger() {
    server.deploy(APP, FILES);

    HttpResponse<String> reported = server.post("/admin/v1/apps/wf/tables/orders/changes",
        "{\"operation\":\"INSERT\",\"key\":\"o1\",\"newImage\":{\"qty\":2}}");

    assertThat(reported.statusCode()).as(reported.body()).isLessThan(300);
    String list = "/admin/v1/apps/wf/workflows/orders/executions?status=SUCCEEDED";
    RunningServer.await(Duration.ofSeconds(20), "an execution for the change",
        () -> json(server.get(list)).path("executions").size() == 1);
    assertThat(json(server.get(list)).path("executions").get(0).path("output").toString())
        .contains("INSERT", "o1", "\"qty\":2");
  }
}
