package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a server with SIGKILL while 100 workflow executions are in Waits, Parallels and Tasks, and
 * checks that after a restart every one finishes with the right output, and that no task ran more
 * often than the at-least-once contract allows: one idempotency key per task (no spurious retry),
 * and a key run at most twice (once before the kill, once handed out again after it).
 */
@Timeout(90)
class WorkflowCrashTest {
  private static final int EXECUTIONS = 100;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Per execution n: a Parallel whose branches wait and record "n-a" and "n-b", then a Pass. */
  private static final String DEFINITION = """
      {"StartAt": "Fan", "States": {
        "Fan": {"Type": "Parallel", "ResultPath": "$.parts", "Next": "Sum", "Branches": [
          {"StartAt": "NapA", "States": {
            "NapA": {"Type": "Wait", "Seconds": 2, "Next": "RecordA"},
            "RecordA": {"Type": "Task", "Resource": "cumulo:function:crashwf/record", "End": true,
              "Parameters": {"tag.$": "States.Format('{}-a', $.n)", "value.$": "$.n", "sleepMillis": 20},
              "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}]}}},
          {"StartAt": "RecordB", "States": {
            "RecordB": {"Type": "Task", "Resource": "cumulo:function:crashwf/record", "Next": "NapB",
              "Parameters": {"tag.$": "States.Format('{}-b', $.n)", "value.$": "$.n", "sleepMillis": 20},
              "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}]},
            "NapB": {"Type": "Wait", "Seconds": 1, "End": true}}}]},
        "Sum": {"Type": "Pass", "Parameters": {"n.$": "$.n", "a.$": "$.parts[0].double",
                "b.$": "$.parts[1].tag"}, "End": true}
      }}""";

  private HttpResponse<String> send(ServerProcess server, String method, String path, String body)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + server.token())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void finishesEveryExecutionOnce_afterKillMinus9WithWaitsParallelsAndTasksInFlight(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    Path records = dir.resolve("records.txt");
    Files.createFile(records);
    String app = manifest("crashwf", function("record", "RecordTask", "maxInstances: 8",
        "env:", "  RECORD_FILE: " + records))
        + "workflows:\n  fan:\n    definition: fan.asl.json\n";
    List<String> ids = new ArrayList<>();

    try (ServerProcess first = ServerProcess.start(data)) {
      HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(first.uri().resolve("/admin/v1/apps"))
          .header("Authorization", "Bearer " + first.token())
          .POST(HttpRequest.BodyPublishers.ofByteArray(TestApps.bundle(app, Map.of("fan.asl.json", DEFINITION))))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
      for (int n = 1; n <= EXECUTIONS; n++) {
        HttpResponse<String> started = send(first, "POST", "/admin/v1/apps/crashwf/workflows/fan/executions",
            "{\"n\": " + n + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        ids.add(RunningServer.json(started.body()).path("id").asText());
      }
      // Every execution is in its Parallel: most B branches recorded, the A branches still waiting.
      RunningServer.await(Duration.ofSeconds(20), "half the B tasks to run",
          () -> lines(records).size() >= EXECUTIONS / 2);
      first.kill();
    }
    int beforeKill = lines(records).size();
    assertThat(beforeKill).as("tasks were still to run at the kill").isLessThan(2 * EXECUTIONS);

    try (ServerProcess second = ServerProcess.start(data)) {
      RunningServer.await(Duration.ofSeconds(40), "every execution to finish", () -> {
        try {
          JsonNode list = RunningServer.json(send(second, "GET",
              "/admin/v1/apps/crashwf/workflows/fan/executions?status=SUCCEEDED&limit=1000", null).body());
          return list.path("executions").size() == EXECUTIONS;
        } catch (IOException | InterruptedException e) {
          throw new AssertionError(e);
        }
      });
      for (int n = 1; n <= EXECUTIONS; n++) {
        JsonNode execution = RunningServer.json(send(second, "GET", "/admin/v1/executions/" + ids.get(n - 1),
            null).body());
        assertThat(execution.path("output")).as("output of execution " + n)
            .isEqualTo(RunningServer.json("{\"n\": " + n + ", \"a\": " + 2 * n + ", \"b\": \"" + n + "-b\"}"));
      }
    }

    Map<String, Integer> runsByKey = new HashMap<>();
    Map<String, java.util.Set<String>> keysByTask = new HashMap<>();
    for (String line : lines(records)) {
      String[] parts = line.split(" ");
      runsByKey.merge(parts[0], 1, Integer::sum);
      keysByTask.computeIfAbsent(parts[1], t -> new java.util.HashSet<>()).add(parts[0]);
    }
    assertThat(keysByTask).hasSize(2 * EXECUTIONS);
    assertThat(keysByTask.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
    assertThat(runsByKey.values()).allSatisfy(runs -> assertThat(runs).isBetween(1, 2));
  }

  private static List<String> lines(Path records) {
    try {
      return Files.readAllLines(records).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
