package io.cumulo.server.faults;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.server.CumuloServer;
import io.cumulo.server.RunningServer;
import io.cumulo.server.ServerConfig;
import io.cumulo.server.TestApps;
import io.cumulo.storage.auth.SigV4Presigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's wall clock jumps an hour forward and an hour back: retries still fire after their
 * backoff, a schedule fires once for the hour it missed and keeps its pace after the clock is set
 * back, presigned URLs are judged by the server's clock, and nothing crashes.
 */
@Timeout(60)
class ClockJumpTest {
  /** The system clock plus an offset the test moves. */
  private static final class JumpingClock implements InstantSource {
    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    void jump(Duration by) {
      offset = offset.plus(by);
    }
  }

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JumpingClock clock = new JumpingClock();
  private CumuloServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> admin(String method, String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + Files.readString(server.adminTokenFile()).trim())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String status(String invocationId) {
    try {
      return RunningServer.json(admin("GET", "/admin/v1/invocations/" + invocationId, null)).path("status").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static long lines(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private int presignedPut(URI url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void keepsRetriesSchedulesAndSignaturesWorking_whenTheClockJumpsAnHourEachWay() throws Exception {
    Path ticks = Files.createFile(dir.resolve("ticks.txt"));
    // Backoff of up to 1.5 s, so the retries are still waiting when the clock is set back.
    server = CumuloServer.start(ServerConfig.of(dir.resolve("data"), 0, 0)
        .withRetryDelays(Duration.ofMillis(1500), Duration.ofMillis(1500)), clock);
    String app = manifest("clock", function("flaky", "FailUntilAttempt", "maxAttempts: 3"),
        function("tick", "RecordId", "env:", "  RECORD_FILE: " + ticks, "triggers:", "  - schedule: \"rate(1 second)\""))
        + "buckets: [clock-in]\n";
    assertThat(admin("POST", "/admin/v1/apps", TestApps.bundle(app)).statusCode()).isEqualTo(200);

    // Forward an hour: the schedule fires for the hour it missed once, not 3,600 times.
    RunningServer.await(Duration.ofSeconds(5), "a first tick", () -> lines(ticks) >= 1);
    long beforeForward = lines(ticks);
    clock.jump(Duration.ofHours(1));
    Thread.sleep(2500);
    assertThat(lines(ticks) - beforeForward).as("ticks in 2.5 s after the jump").isBetween(1L, 5L);

    // SigV4 presigned URLs are judged by the server's clock: one signed by a client an hour behind
    // it (valid 5 min) has expired, one signed at the server's time is good.
    var root = server.rootKey();
    URI behind = new SigV4Presigner().presign("PUT", server.s3Uri(), "clock-in", "a.txt", Duration.ofMinutes(5),
        root, Instant.now());
    URI current = new SigV4Presigner().presign("PUT", server.s3Uri(), "clock-in", "b.txt", Duration.ofMinutes(5),
        root, clock.instant());
    assertThat(presignedPut(behind, "late")).isEqualTo(403);
    assertThat(presignedPut(current, "on time")).isEqualTo(200);

    // Back an hour while retries wait: they run after their backoff, not an hour later.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> accepted = admin("POST", "/admin/v1/functions/clock/flaky/invoke",
          "{\"succeedOn\":2}".getBytes(), "X-Cumulo-Invocation-Type", "Event");
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      ids.add(RunningServer.json(accepted).get("invocationId").asText());
    }
    RunningServer.await(Duration.ofSeconds(5), "every first attempt to fail",
        () -> ids.stream().allMatch(id -> !status(id).equals("queued") && !status(id).equals("running")));
    clock.jump(Duration.ofHours(-1));
    long beforeBack = lines(ticks);
    RunningServer.await(Duration.ofSeconds(8), "every retry to succeed after the clock was set back",
        () -> ids.stream().allMatch(id -> status(id).equals("succeeded")));
    RunningServer.await(Duration.ofSeconds(5), "the schedule to keep ticking after the clock was set back",
        () -> lines(ticks) >= beforeBack + 2);
    assertThat(admin("GET", "/healthz", null).statusCode()).isEqualTo(200);
  }
}
