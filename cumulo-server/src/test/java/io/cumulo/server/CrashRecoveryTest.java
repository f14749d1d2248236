package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kills a server process with SIGKILL and checks that what it acknowledged survives. */
@Timeout(180)
class CrashRecoveryTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpResponse<String> send(ServerProcess server, String path, HttpRequest.BodyPublisher body,
      String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + server.token())
        .POST(body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends 500 async invocations from 16 clients to a function that takes 10 ms each on at most 4
   * instances, and kills the server once {@code killAfterAcks} are acknowledged: at 250, in the
   * middle of the burst; at 500, with all acknowledged and most still queued or running.
   */
  @ParameterizedTest(name = "kill after {0} acknowledgements")
  @ValueSource(ints = {250, 500})
  void deliversEveryAcknowledgedAsyncInvocation_afterKillMinus9(int killAfterAcks, @TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    Path records = dir.resolve("records.txt");
    Files.createFile(records);
    String app = manifest("crash", function("record", "RecordId", "maxInstances: 4",
        "env:", "  RECORD_FILE: " + records));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger sent = new AtomicInteger();

    try (ServerProcess first = ServerProcess.start(data)) {
      HttpResponse<String> deployed = send(first, "/admin/v1/apps",
          HttpRequest.BodyPublishers.ofByteArray(TestApps.bundle(app)));
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);

      try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
        for (int c = 0; c < 16; c++) {
          clients.submit(() -> {
            while (sent.get() < 500) {
              int tag = sent.incrementAndGet();
              try {
                HttpResponse<String> response = send(first, "/admin/v1/functions/crash/record/invoke",
                    HttpRequest.BodyPublishers.ofString("{\"tag\":" + tag + ",\"sleepMillis\":10}"),
                    "X-Cumulo-Invocation-Type", "Event");
                if (response.statusCode() == 202) {
                  acknowledged.add(RunningServer.JSON.readTree(response.body()).get("invocationId").asText());
                }
              } catch (IOException e) {
                return null; // the server is gone: this request was never acknowledged
              }
            }
            return null;
          });
        }
        RunningServer.await(Duration.ofSeconds(60), killAfterAcks + " acknowledged invocations",
            () -> acknowledged.size() >= killAfterAcks);
        first.kill();
      }
    }
    assertThat(acknowledged.size()).isGreaterThanOrEqualTo(killAfterAcks);
    assertThat(recordedIds(records)).as("some acknowledged work was still in flight at the kill")
        .hasSizeLessThan(acknowledged.size());

    try (ServerProcess second = ServerProcess.start(data)) {
      RunningServer.await(Duration.ofSeconds(90), "every acknowledged invocation to be handled",
          () -> recordedIds(records).containsAll(acknowledged));
    }
    List<String> lines = Files.readAllLines(records);
    Set<String> distinct = new HashSet<>();
    lines.forEach(l -> distinct.add(l.split(" ")[0]));
    assertThat(distinct).containsAll(acknowledged);
    // At-least-once: a handler killed after writing but before completion runs again, nothing else.
    assertThat(lines.size() - distinct.size()).isLessThanOrEqualTo(4);
  }

  @Test
  void survivesAHandlerThatExhaustsTheHeap(@TempDir Path dir) throws Exception {
    try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "-Xmx192m")) {
      String app = manifest("hog", function("hog", "Hog", "timeout: 20s"), function("echo", "Echo"));
      assertThat(send(server, "/admin/v1/apps", HttpRequest.BodyPublishers.ofByteArray(TestApps.bundle(app)))
          .statusCode()).isEqualTo(200);

      HttpResponse<String> hog = send(server, "/admin/v1/functions/hog/hog/invoke", HttpRequest.BodyPublishers.ofString("{}"));
      HttpResponse<String> echo = send(server, "/admin/v1/functions/hog/echo/invoke",
          HttpRequest.BodyPublishers.ofString("{\"still\":\"alive\"}"));

      assertThat(hog.statusCode()).isEqualTo(502);
      assertThat(hog.body()).contains("OutOfMemoryError");
      assertThat(echo.statusCode()).isEqualTo(200);
      assertThat(echo.body()).contains("alive");
    }
  }

  private static Set<String> recordedIds(Path records) {
    try {
      Set<String> ids = new HashSet<>();
      for (String line : Files.readAllLines(records)) {
        if (!line.isBlank()) {
          ids.add(line.split(" ")[0]);
        }
      }
      return ids;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
