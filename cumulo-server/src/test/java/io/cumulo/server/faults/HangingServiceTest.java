package io.cumulo.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.server.RunningServer;
import io.cumulo.server.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One of two service replicas stops answering (it accepts connections and never responds), or stops
 * accepting them: the gateway answers 504 within the request timeout, requests go on to the healthy
 * replica, and the supervisor's health check marks the broken one unhealthy and replaces it (shown
 * for the hung one; a deaf one fails the same checks, and waiting ~7 s more would prove nothing new).
 */
@Timeout(60)
class HangingServiceTest {
  @RegisterExtension final RunningServer server = new RunningServer();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final String APP = TestApps.manifest("hang", TestApps.function("echo", "Echo"))
      + "services:\n  whoami:\n    main: " + TestApps.PKG + "WhoAmIService\n    jar: functions.jar\n"
      + "    replicas: 2\n    stopTimeout: 1s\n    requestTimeout: 500ms\n"
      + "routes:\n  - path: /services/whoami/**\n    service: whoami\n";

  private HttpResponse<String> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/apps/hang/services/whoami" + path))
        .timeout(Duration.ofSeconds(10)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode replicas() {
    for (JsonNode app : RunningServer.json(server.get("/admin/v1/apps")).path("apps")) {
      if (app.path("name").asText().equals("hang")) {
        return app.path("services").path(0).path("replicas");
      }
    }
    throw new AssertionError("app hang is not listed");
  }

  private List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    replicas().forEach(r -> pids.add(r.path("pid").asLong()));
    return pids;
  }

  /** Waits until both replicas are healthy and one of them is new; returns their pids. */
  private List<Long> awaitOneReplaced(List<Long> before) {
    RunningServer.await(Duration.ofSeconds(20), "one of " + before + " replaced by a healthy replica", () -> {
      int healthy = 0;
      for (JsonNode r : replicas()) {
        healthy += r.path("state").asText().equals("healthy") ? 1 : 0;
      }
      List<Long> now = pids();
      return healthy == 2 && now.stream().filter(before::contains).count() == 1;
    });
    return pids();
  }

  /** Twenty requests in a row that all succeed, answered by the given replicas only. */
  private void assertServedBy(List<Long> healthy) {
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = get("/whoami");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(healthy).contains(RunningServer.json(response).path("pid").asLong());
    }
  }

  @Test
  void answers504InTime_routesAroundTheReplica_andReplacesIt_whenAReplicaHangsOrStopsAccepting() {
    server.deploy(APP);
    server.awaitHealthy("hang", 2);
    List<Long> first = pids();

    long started = System.nanoTime();
    HttpResponse<String> hung = get("/hang");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(hung.statusCode()).as(hung.body()).isEqualTo(504);
    assertThat(hung.body()).contains("GatewayTimeout");
    assertThat(took).as("answered within the 500 ms request timeout, plus slack").isLessThan(Duration.ofSeconds(3));

    // Within one failed health check the hung replica gets no more requests.
    RunningServer.await(Duration.ofSeconds(5), "requests to reach only the healthy replica", () -> {
      for (int i = 0; i < 6; i++) {
        if (get("/whoami").statusCode() != 200) {
          return false;
        }
      }
      return true;
    });
    List<Long> second = awaitOneReplaced(first);
    assertServedBy(second);

    assertThat(get("/deaf").body()).isEqualTo("deaf");
    // Refused connections were sent nothing, so the gateway tries the other replica: no request fails.
    assertServedBy(second);
    RunningServer.await(Duration.ofSeconds(5), "the deaf replica to fail its health check", () -> {
      for (JsonNode r : replicas()) {
        if (!r.path("state").asText().equals("healthy")) {
          return true;
        }
      }
      return false;
    });
    assertServedBy(second);
  }
}
