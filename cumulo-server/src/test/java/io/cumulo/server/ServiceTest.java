package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Services run as supervised processes behind the gateway's proxy, end to end. */
@Timeout(60)
class ServiceTest {
  @RegisterExtension final RunningServer server = new RunningServer();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String manifest(String app, int replicas, String... extraLines) {
    StringBuilder yaml = new StringBuilder(TestApps.manifest(app, TestApps.function("echo", "Echo")))
        .append("services:\n  whoami:\n")
        .append("    main: ").append(TestApps.PKG).append("WhoAmIService\n")
        .append("    jar: functions.jar\n")
        .append("    replicas: ").append(replicas).append('\n')
        .append("    stopTimeout: 2s\n");
    for (String line : extraLines) {
      yaml.append("    ").append(line).append('\n');
    }
    // Services are reached only through routes, which carry the policies.
    return yaml.append("routes:\n  - path: /services/whoami/**\n    service: whoami\n").toString();
  }

  private HttpResponse<String> get(String app, String path) {
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/apps/" + app + "/services/whoami" + path))
        .timeout(Duration.ofSeconds(20)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode service(String app) {
    for (JsonNode a : RunningServer.json(server.get("/admin/v1/apps")).path("apps")) {
      if (a.path("name").asText().equals(app)) {
        return a.path("services").path(0);
      }
    }
    return RunningServer.JSON.missingNode();
  }

  /** The pids of the replicas once all {@code replicas} are healthy. */
  private List<Long> awaitHealthy(String app, int replicas) {
    RunningServer.await(Duration.ofSeconds(20), replicas + " healthy replicas",
        () -> service(app).path("healthy").asInt() == replicas);
    List<Long> pids = new ArrayList<>();
    service(app).path("replicas").forEach(r -> pids.add(r.path("pid").asLong()));
    return pids;
  }

  @Test
  void servesAManifestRoute_whoseTargetIsAService_withTheRoutesPolicies() throws Exception {
    server.deploy(manifest("routed", 1)
        + "  - path: /whoami\n    method: GET\n    service: whoami\n    auth: apiKey\n");
    awaitHealthy("routed", 1);
    HttpRequest anonymous = HttpRequest.newBuilder(server.uri().resolve("/apps/routed/whoami")).build();
    String key = RunningServer.json(server.post("/admin/v1/apps/routed/keys", "{\"name\":\"t\"}")).get("key").asText();
    HttpRequest withKey = HttpRequest.newBuilder(server.uri().resolve("/apps/routed/whoami"))
        .header("x-api-key", key).build();

    HttpResponse<String> refused = http.send(anonymous, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> served = http.send(withKey, HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(served.body()).contains("replica");
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void spreadsRequestsOverReplicas_andRestartsAKilledOne_whileRequestsKeepSucceeding() {
    server.deploy(manifest("svc", 2));
    List<Long> pids = awaitHealthy("svc", 2);
    assertThat(pids).doesNotHaveDuplicates().allMatch(ServiceTest::alive);

    Set<Long> answered = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> response = get("svc", "/whoami");
      assertThat(response.statusCode()).isEqualTo(200);
      answered.add(RunningServer.json(response).path("pid").asLong());
    }
    assertThat(answered).containsExactlyInAnyOrderElementsOf(pids);

    long killed = pids.getFirst();
    ProcessHandle.of(killed).orElseThrow().destroyForcibly();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = get("svc", "/whoami");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(RunningServer.json(response).path("pid").asLong()).isNotEqualTo(killed);
    }

    RunningServer.await(Duration.ofSeconds(10), "the killed replica to be replaced", () -> {
      JsonNode replica = service("svc").path("replicas").path(0);
      long now = replica.path("pid").asLong();
      return replica.path("state").asText().equals("healthy") && now > 0 && now != killed;
    });
    assertThat(service("svc").path("replicas").path(0).path("restarts").asInt()).isEqualTo(1);
    assertThat(server.get("/admin/v1/functions/svc/whoami/logs").body())
        .contains("whoami replica 0 listening on", "whoami replica 1 listening on",
            "replica 0 of v1 exited with code");
  }

  @Test
  void restartsAReplica_whenItsProcessEnds() {
    server.deploy(manifest("svc", 1));
    long pid = awaitHealthy("svc", 1).getFirst();

    assertThat(get("svc", "/crash").body()).isEqualTo("bye");

    RunningServer.await(Duration.ofSeconds(10), "a new healthy replica", () -> {
      JsonNode replica = service("svc").path("replicas").path(0);
      long now = replica.path("pid").asLong();
      return replica.path("state").asText().equals("healthy") && now > 0 && now != pid;
    });
    assertThat(get("svc", "/whoami").statusCode()).isEqualTo(200);
  }

  @Test
  void swapsReplicasWithoutAFailedRequest_whenRedeployed() throws Exception {
    server.deploy(manifest("svc", 2));
    List<Long> old = awaitHealthy("svc", 2);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger succeeded = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Thread load = Thread.ofVirtual().start(() -> {
      while (running.get()) {
        HttpResponse<String> response = get("svc", "/whoami");
        if (response.statusCode() == 200) {
          succeeded.incrementAndGet();
        } else {
          failures.add(response.statusCode() + " " + response.body());
        }
      }
    });

    JsonNode deployed = server.deploy(manifest("svc", 2, "env:", "  GENERATION: \"2\""));
    int beforeSwap = succeeded.get();
    RunningServer.await(Duration.ofSeconds(5), "requests after the swap", () -> succeeded.get() > beforeSwap + 5);
    running.set(false);
    load.join(10_000);

    assertThat(deployed.path("version").asInt()).isEqualTo(2);
    assertThat(failures).isEmpty();
    assertThat(service("svc").path("version").asInt()).isEqualTo(2);
    List<Long> current = awaitHealthy("svc", 2);
    assertThat(current).doesNotContainAnyElementsOf(old);
    assertThat(old).noneMatch(ServiceTest::alive);
  }

  @Test
  void stopsEveryReplica_whenUndeployed() {
    server.deploy(manifest("svc", 2));
    List<Long> pids = awaitHealthy("svc", 2);

    assertThat(server.send("DELETE", "/admin/v1/apps/svc", null).statusCode()).isEqualTo(204);

    assertThat(pids).noneMatch(ServiceTest::alive);
    assertThat(get("svc", "/whoami").statusCode()).isEqualTo(404);
  }

  @Test
  void answers503WithRetryAfter_whenNoReplicaIsHealthy() {
    server.deploy(manifest("sick", 1, "startTimeout: 1s", "env:", "  NEVER_HEALTHY: \"yes\""));
    RunningServer.await(Duration.ofSeconds(10), "a replica that started and failed its check",
        () -> service("sick").path("replicas").path(0).path("restarts").asInt() >= 1);

    HttpResponse<String> response = get("sick", "/whoami");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(response.body()).contains("ServiceUnavailable", "no replica of sick/whoami is healthy");
  }

  @Test
  void answers504_whenTheServiceIsSlowerThanItsRequestTimeout() {
    server.deploy(manifest("svc", 1, "requestTimeout: 300ms"));
    awaitHealthy("svc", 1);

    HttpResponse<String> response = get("svc", "/slow?ms=3000");

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.body()).contains("GatewayTimeout");
    assertThat(get("svc", "/slow?ms=10").body()).isEqualTo("slept 10");
  }

  @Test
  void streamsA20MiBResponse() throws Exception {
    server.deploy(manifest("svc", 1));
    awaitHealthy("svc", 1);
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/apps/svc/services/whoami/bytes?mib=20"))
        .timeout(Duration.ofSeconds(30)).build();

    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(20L << 20);
    long position = 0;
    byte[] buffer = new byte[8192];
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] != (byte) ((position + i) % (64 * 1024))) {
            throw new AssertionError("byte " + (position + i) + " differs");
          }
        }
        position += n;
      }
    }
    assertThat(position).isEqualTo(20L << 20);
  }

  @Test
  void forwardsMethodPathQueryBodyAndForwardedHeaders() throws Exception {
    server.deploy(manifest("svc", 1));
    awaitHealthy("svc", 1);
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/apps/svc/services/whoami/echo/a%20b?x=1&y=2"))
        .header("X-Forwarded-For", "10.0.0.9")
        .POST(HttpRequest.BodyPublishers.ofString("hello service")).build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("POST /echo/a%20b?x=1&y=2\n")
        .contains("x-forwarded-for: 10.0.0.9, 127.0.0.1\n",
            "x-forwarded-host: " + server.uri().getAuthority() + "\n",
            "x-forwarded-proto: http\n")
        .endsWith("hello service");
  }

  @Test
  void invokesAFunction_whenTheServiceUsesServiceClient() throws Exception {
    server.deploy(manifest("svc", 1));
    awaitHealthy("svc", 1);
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/apps/svc/services/whoami/invoke"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"from a service\"}")).build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RunningServer.json(response).path("hello").asText()).isEqualTo("from a service");
  }

  @Test
  void streamsARequestBodyToTheService() throws Exception {
    server.deploy(manifest("svc", 1));
    awaitHealthy("svc", 1);
    byte[] upload = new byte[8 << 20];
    java.util.Arrays.fill(upload, (byte) 'u');
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/apps/svc/services/whoami/echo"))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(upload)).build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("PUT /echo\n").endsWith("u".repeat(1000));
    assertThat(response.body().chars().filter(c -> c == 'u').count()).isEqualTo(upload.length);
  }

  @Test
  void startsServicesAgain_whenTheServerRestarts() throws IOException {
    server.deploy(manifest("svc", 1));
    long before = awaitHealthy("svc", 1).getFirst();

    server.restart();

    assertThat(alive(before)).isFalse();
    long after = awaitHealthy("svc", 1).getFirst();
    assertThat(after).isNotEqualTo(before);
    assertThat(get("svc", "/whoami").statusCode()).isEqualTo(200);
  }

  @Test
  void answers404_whenNoRouteLeadsToAService() {
    server.deploy(manifest("svc", 1));

    HttpResponse<String> noService = server.get("/apps/svc/services/nope/x");
    HttpResponse<String> noApp = server.get("/apps/other/services/whoami/x");

    assertThat(noService.statusCode()).isEqualTo(404);
    assertThat(noService.body()).contains("app svc has no route for /services/nope/x");
    assertThat(noApp.statusCode()).isEqualTo(404);
  }
}
