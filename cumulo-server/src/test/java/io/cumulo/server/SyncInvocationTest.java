package io.cumulo.server;

import static io.cumulo.server.TestApps.function;
import static io.cumulo.server.TestApps.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class SyncInvocationTest {
  @RegisterExtension final RunningServer server = new RunningServer();

  @Test
  void returnsTheHandlersJson_whenInvokedSynchronously() {
    server.deploy(manifest("demo", function("echo", "Echo"), function("greet", "Greet")));

    HttpResponse<String> echo = server.invoke("demo/echo", "{\"msg\":\"hi\",\"n\":[1,2]}");
    HttpResponse<String> greet = server.invoke("demo/greet", "{\"name\":\"Ada\"}");

    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(RunningServer.json(echo)).isEqualTo(RunningServer.json(
        new FakeResponse("{\"msg\":\"hi\",\"n\":[1,2]}")));
    assertThat(echo.headers().firstValue("X-Cumulo-Invocation-Id")).isPresent();
    assertThat(echo.headers().firstValue("X-Cumulo-Cold-Start")).hasValue("true");
    assertThat(RunningServer.json(greet).get("text").asText()).isEqualTo("Hello, Ada");
    assertThat(RunningServer.json(greet).get("function").asText()).isEqualTo("demo/greet");
    assertThat(server.invoke("demo/echo", "{}").headers().firstValue("X-Cumulo-Cold-Start")).hasValue("false");
  }

  @Test
  void answersProblemJson_whenTheInputIsNotJsonOfTheInputType() {
    server.deploy(manifest("demo", function("greet", "Greet")));

    HttpResponse<String> response = server.invoke("demo/greet", "{\"name\": [1,");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(RunningServer.json(response).get("code").asText()).isEqualTo("InvalidInput");
  }

  @Test
  void answers404_whenTheFunctionIsNotDeployed() {
    HttpResponse<String> response = server.invoke("nope/echo", "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(RunningServer.json(response).get("code").asText()).isEqualTo("FunctionNotFound");
  }

  @Test
  void reportsTheExceptionAndLogsIt_whenTheHandlerThrows() {
    server.deploy(manifest("demo", function("fail", "Fail")));

    HttpResponse<String> response = server.invoke("demo/fail", "{}");

    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode problem = RunningServer.json(response);
    assertThat(problem.get("code").asText()).isEqualTo("HandlerError");
    assertThat(problem.get("detail").asText()).isEqualTo("java.lang.IllegalStateException: boom");
    String logs = server.get("/admin/v1/functions/demo/fail/logs").body();
    assertThat(logs).contains("about to fail on attempt 1").contains("IllegalStateException: boom");
  }

  @Test
  void failsWithTimeoutAndRecyclesTheInstance_whenTheHandlerHangs() {
    server.deploy(manifest("demo", function("hang", "Hang", "timeout: 300ms", "maxInstances: 1")));

    HttpResponse<String> first = server.invoke("demo/hang", "{}");
    HttpResponse<String> second = server.invoke("demo/hang", "{}");

    assertThat(first.statusCode()).isEqualTo(504);
    assertThat(RunningServer.json(first).get("code").asText()).isEqualTo("Timeout");
    assertThat(RunningServer.json(first).get("detail").asText()).contains("timed out after 300 ms");
    // With maxInstances 1, the second call only gets an instance because the hung one was recycled.
    assertThat(second.statusCode()).isEqualTo(504);
    assertThat(second.headers().firstValue("X-Cumulo-Cold-Start")).isEmpty();
    assertThat(server.server().platform().runtime().poolStats("demo/hang").abandoned()).isEqualTo(2);
  }

  @Test
  void scalesOutUnderConcurrentLoad_andBackToZero_whenIdle() throws Exception {
    server.deploy(manifest("demo", function("sleep", "Sleep", "maxInstances: 4", "maxQueued: 50",
        "idleTimeout: 500ms")));
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(() -> server.invoke("demo/sleep", "{\"millis\":300}").statusCode());
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> results = pool.invokeAll(calls);
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(200);
      }
    }
    JsonNode fn = appsFunction("demo", "sleep");
    assertThat(fn.get("coldStarts").asInt()).isEqualTo(4);
    assertThat(fn.get("invocations").asInt()).isEqualTo(12);

    RunningServer.await(Duration.ofSeconds(10), "scale to zero",
        () -> server.server().platform().runtime().poolStats("demo/sleep").instances() == 0);
  }

  @Test
  void throttlesWith429_whenInstancesAndQueueAreFull() throws Exception {
    server.deploy(manifest("demo", function("sleep", "Sleep", "maxInstances: 1", "maxQueued: 1")));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<HttpResponse<String>> running = pool.submit(() -> server.invoke("demo/sleep", "{\"millis\":2000}"));
      RunningServer.await(Duration.ofSeconds(5), "first call running",
          () -> server.server().platform().runtime().poolStats("demo/sleep").inFlight() == 1);
      Future<HttpResponse<String>> queued = pool.submit(() -> server.invoke("demo/sleep", "{\"millis\":1}"));
      RunningServer.await(Duration.ofSeconds(5), "second call queued",
          () -> server.server().platform().runtime().poolStats("demo/sleep").queued() == 1);

      HttpResponse<String> throttled = server.invoke("demo/sleep", "{\"millis\":1}");

      assertThat(throttled.statusCode()).isEqualTo(429);
      assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(RunningServer.json(throttled).get("code").asText()).isEqualTo("Throttled");
      assertThat(running.get().statusCode()).isEqualTo(200);
      assertThat(queued.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void callsAnotherFunction_throughTheContext() {
    server.deploy(manifest("demo", function("echo", "Echo"), function("call", "CallEcho")));

    HttpResponse<String> response = server.invoke("demo/call", "{\"x\":1}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RunningServer.json(response).get("echoed").get("x").asInt()).isEqualTo(1);
  }

  @Test
  void exposesInvocationMetrics_inPrometheusFormat() {
    server.deploy(manifest("demo", function("echo", "Echo"), function("fail", "Fail")));
    server.invoke("demo/echo", "{}");
    server.invoke("demo/fail", "{}");

    String metrics = server.get("/metrics").body();

    assertThat(metrics)
        .contains("cumulo_invocations_total{function=\"demo/echo\",outcome=\"succeeded\"} 1.0")
        .contains("cumulo_invocations_total{function=\"demo/fail\",outcome=\"failed\"} 1.0")
        .contains("cumulo_cold_starts_total{function=\"demo/echo\"} 1.0")
        .contains("cumulo_billed_gb_seconds_total{function=\"demo/echo\"}")
        .contains("cumulo_invocation_duration_seconds_bucket{function=\"demo/echo\"")
        .contains("cumulo_instances{function=\"demo/echo\",state=\"warm\"} 1.0");
  }

  @Test
  void streamsNewLogLines_whenFollowingAFunctionsLog() throws Exception {
    server.deploy(manifest("demo", function("echo", "Echo")));
    var http = java.net.http.HttpClient.newHttpClient();
    var lines = http.send(java.net.http.HttpRequest.newBuilder(
            server.uri().resolve("/admin/v1/functions/demo/echo/logs?follow=true"))
        .header("Authorization", "Bearer " + server.token()).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(lines.statusCode()).isEqualTo(200);

    server.invoke("demo/echo", "{\"live\":1}");

    String line = lines.body().filter(l -> !l.isBlank()).findFirst().orElseThrow();
    assertThat(line).contains("echo {live=1}").contains("\"level\":\"INFO\"");
  }

  @Test
  void refusesTheAdminApi_withoutTheToken() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var response = http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/admin/v1/apps"))
        .header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  private JsonNode appsFunction(String app, String fn) {
    for (JsonNode a : RunningServer.json(server.get("/admin/v1/apps")).get("apps")) {
      if (a.get("name").asText().equals(app)) {
        for (JsonNode f : a.get("functions")) {
          if (f.get("name").asText().equals(fn)) {
            return f;
          }
        }
      }
    }
    throw new AssertionError("no " + app + "/" + fn + " in /admin/v1/apps");
  }

  /** Lets a literal JSON string be parsed with the same helper as responses. */
  private record FakeResponse(String body) implements HttpResponse<String> {
    public int statusCode() { return 200; }
    public java.net.http.HttpRequest request() { return null; }
    public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
    public java.net.http.HttpHeaders headers() { return null; }
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
    public java.net.URI uri() { return null; }
    public java.net.http.HttpClient.Version version() { return null; }
  }
}
