package io.cumulo.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a stand-in that answers as the admin API contract says, until the real server
 * exists; end-to-end tests against the real one belong with the server.
 */
class AdminClientTest {
  private record Answer(int status, String contentType, String body, Map<String, String> headers) {}

  private record Request(String method, String uri, Map<String, String> headers, byte[] body) {}

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private Map<String, String> env;
  @TempDir Path data;

  @BeforeEach
  void startStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    env =
        Map.of(
            "CUMULO_URL",
            "http://127.0.0.1:" + server.getAddress().getPort(),
            "CUMULO_DATA",
            data.toString());
    Files.writeString(data.resolve("admin.token"), "s3cret\n");
  }

  @AfterEach
  void stopStandIn() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            headers,
            exchange.getRequestBody().readAllBytes()));
    Answer answer =
        answers.getOrDefault(
            exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
            new Answer(
                404,
                "application/problem+json",
                "{\"detail\":\"no such route\",\"code\":\"NotFound\"}",
                Map.of()));
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void on(String route, int status, String body) {
    on(
        route,
        status,
        status >= 400 ? "application/problem+json" : "application/json",
        body,
        Map.of());
  }

  private void on(
      String route, int status, String contentType, String body, Map<String, String> headers) {
    answers.put(route, new Answer(status, contentType, body, headers));
  }

  private CliRun run(String... args) {
    return CliRun.run(env, args);
  }

  @Test
  void printsAppVersionAndFunctions_whenDeploySucceeds(@TempDir Path app) throws IOException {
    Files.writeString(app.resolve("cumulo.yaml"), "name: hello\n");
    on(
        "POST /admin/v1/apps",
        200,
        "{\"name\":\"hello\",\"version\":2,\"functions\":[\"echo\",\"shout\"]}");

    CliRun result = run("deploy", app.toString());

    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo("deployed hello v2: echo, shout\n");
    Request request = requests.getFirst();
    assertThat(request.headers())
        .containsEntry("authorization", "Bearer s3cret")
        .containsEntry("content-type", "application/zip");
    assertThat(request.body()).startsWith('P', 'K');
  }

  @Test
  void printsServerDetailAsIs_whenManifestIsInvalid(@TempDir Path app) throws IOException {
    Files.writeString(app.resolve("cumulo.yaml"), "name: Hello\n");
    on(
        "POST /admin/v1/apps",
        400,
        "{\"type\":\"about:blank\",\"title\":\"Invalid"
            + " manifest\",\"status\":400,\"detail\":\"cumulo.yaml:1:7: name must be lowercase\\n"
            + "cumulo.yaml:2:1: functions is required\",\"code\":\"InvalidManifest\"}");

    CliRun result = run("deploy", app.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "cumulo: cumulo.yaml:1:7: name must be lowercase\n"
                + "cumulo.yaml:2:1: functions is required\n");
  }

  @Test
  void pointsAtTheToken_whenServerAnswers401() {
    on("GET /admin/v1/apps", 401, "{\"detail\":\"bad token\",\"code\":\"Unauthorized\"}");
    CliRun result = run("ls");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLine())
        .isEqualTo(
            "cumulo: the server refused the admin token (401); check CUMULO_TOKEN or "
                + data.resolve("admin.token"));
  }

  @Test
  void printsResultBody_whenSyncInvokeSucceeds() {
    on(
        "POST /admin/v1/functions/hello/echo/invoke",
        200,
        "application/json",
        "{\"echo\":{\"a\":1}}",
        Map.of("X-Cumulo-Invocation-Id", "inv-1"));
    CliRun result = CliRun.runWithStdin(env, "{\"a\":1}", "invoke", "hello/echo", "--data", "@-");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("{\"echo\":{\"a\":1}}\n");
    assertThat(new String(requests.getFirst().body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
    assertThat(requests.getFirst().headers()).doesNotContainKey("x-cumulo-invocation-type");
  }

  @Test
  void printsOnlyTheId_whenInvokeIsAsync() {
    on("POST /admin/v1/functions/hello/echo/invoke", 202, "{\"invocationId\":\"inv-42\"}");
    CliRun result = run("invoke", "hello/echo", "--async");
    assertThat(result.out()).isEqualTo("inv-42\n");
    assertThat(requests.getFirst().headers()).containsEntry("x-cumulo-invocation-type", "Event");
    assertThat(new String(requests.getFirst().body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void namesFunctionAndCode_whenHandlerFails() {
    on(
        "POST /admin/v1/functions/hello/echo/invoke",
        502,
        "{\"title\":\"Handler"
            + " failed\",\"status\":502,\"detail\":\"boom\",\"code\":\"HandlerError\"}");
    CliRun result = run("invoke", "hello/echo");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLine()).isEqualTo("cumulo: hello/echo failed (HandlerError): boom");
  }

  @Test
  void summarisesTheBody_whenErrorIsNotProblemJson() {
    on("GET /admin/v1/apps", 500, "text/html", "<html>\nOops\n</html>", Map.of());
    CliRun result = run("ls");
    assertThat(result.errLine()).isEqualTo("cumulo: the server answered HTTP 500: <html>");
  }

  @Test
  void printsATableOfFunctions_whenListing() {
    on(
        "GET /admin/v1/apps",
        200,
        "{\"apps\":[{\"name\":\"hello\",\"version\":2,\"deployedAt\":\"2026-11-22T09:00:00Z\",\"functions\":["
            + "{\"name\":\"echo\",\"qualifiedName\":\"hello/echo\",\"instances\":1,\"warm\":1,\"busy\":0,"
            + "\"queued\":0,\"pendingEvents\":3,\"invocations\":10,\"errors\":1,\"coldStarts\":1,"
            + "\"billedGbSeconds\":0.0123,\"maxInstances\":10}]}]}");
    List<String> lines = run("ls").out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).split("\\s{2,}"))
        .containsExactly(
            "APP",
            "FUNCTION",
            "VERSION",
            "INSTANCES",
            "WARM",
            "BUSY",
            "QUEUED",
            "PENDING EVENTS",
            "INVOCATIONS",
            "ERRORS",
            "COLD STARTS",
            "GB-S");
    assertThat(lines.get(1).split("\\s+"))
        .containsExactly("hello", "echo", "2", "1", "1", "0", "0", "3", "10", "1", "1", "0.0123");
  }

  @Test
  void printsEachLogLine_whenServerStreamsNdjson() {
    on(
        "GET /admin/v1/functions/hello/echo/logs",
        200,
        "application/x-ndjson",
        "{\"time\":\"2026-11-22T09:59:00.123Z\",\"invocationId\":\"inv-1\",\"level\":\"INFO\",\"message\":\"hi\"}\n"
            + "{\"time\":\"2026-11-22T09:59:01Z\",\"invocationId\":\"inv-2\",\"level\":\"ERROR\",\"message\":\"oh"
            + " no\"}\n",
        Map.of());
    CliRun result = run("logs", "hello/echo", "--since", "10m", "--limit", "5");
    assertThat(result.out())
        .isEqualTo(
            "2026-11-22T09:59:00.123Z inv-1 INFO hi\n2026-11-22T09:59:01Z inv-2 ERROR oh no\n");
    assertThat(requests.getFirst().uri())
        .isEqualTo(
            "/admin/v1/functions/hello/echo/logs?follow=false&since=2026-11-22T09%3A50%3A00Z&limit=5");
  }

  @Test
  void printsLinesAsTheyArrive_whenFollowing() throws Exception {
    CountDownLatch firstLinePrinted = new CountDownLatch(1);
    server.createContext(
        "/admin/v1/functions/hello/echo/logs",
        exchange -> {
          requests.add(
              new Request("GET", exchange.getRequestURI().toString(), Map.of(), new byte[0]));
          exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(logLine("first"));
            out.flush();
            // The second line is only written once the first was printed: proof of streaming.
            if (firstLinePrinted.await(10, TimeUnit.SECONDS)) {
              out.write(logLine("second"));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    StringWriter printed = new StringWriter();
    Writer watching =
        new FilterWriter(printed) {
          @Override
          public void flush() {
            if (printed.toString().contains("first")) {
              firstLinePrinted.countDown();
            }
          }
        };
    CumuloCli cli = new CumuloCli(env, InstantSource.fixed(CliRun.NOW), InputStream.nullInputStream());
    int code =
        CumuloCli.commandLine(cli)
            .setOut(new PrintWriter(watching))
            .execute("logs", "hello/echo", "-f");

    assertThat(code).isZero();
    assertThat(printed.toString()).isEqualTo("t1 inv-1 INFO first\nt1 inv-1 INFO second\n");
    assertThat(requests.getFirst().uri()).isEqualTo("/admin/v1/functions/hello/echo/logs?follow=true");
  }

  private static byte[] logLine(String message) {
    return ("{\"time\":\"t1\",\"invocationId\":\"inv-1\",\"level\":\"INFO\",\"message\":\""
            + message
            + "\"}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void printsDeadLetters_andReplaysChosenOnes() {
    on(
        "GET /admin/v1/functions/hello/echo/dlq",
        200,
        "{\"deadLetters\":[{\"eventId\":\"ev-1\",\"kind\":\"invoke\",\"createdAt\":\"2026-11-22T09:00:00Z\","
            + "\"failedAt\":\"2026-11-22T09:01:00Z\",\"attempts\":3,\"errorType\":\"HandlerError\",\"errorMessage\":\"boom\\n"
            + "at line 2\",\"payload\":{\"a\":1}}]}");
    on("POST /admin/v1/functions/hello/echo/dlq/replay", 200, "{\"replayed\":2}");

    List<String> table = run("dlq", "ls", "hello/echo").out().lines().toList();
    CliRun replay = run("dlq", "replay", "hello/echo", "--id", "ev-1", "ev-2");

    assertThat(table.get(0).split("\\s{2,}"))
        .containsExactly("EVENT ID", "KIND", "FAILED AT", "ATTEMPTS", "ERROR");
    assertThat(table.get(1)).startsWith("ev-1").endsWith("HandlerError: boom at line 2");
    assertThat(replay.out()).isEqualTo("replayed 2 event(s)\n");
    assertThat(requests.get(0).uri()).isEqualTo("/admin/v1/functions/hello/echo/dlq?limit=100");
    assertThat(new String(requests.get(1).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"eventIds\":[\"ev-1\",\"ev-2\"]}");
  }

  @Test
  void printsTheRecord_whenAskedForAnInvocation() {
    on(
        "GET /admin/v1/invocations/inv-1",
        200,
        "{\"id\":\"inv-1\",\"function\":\"hello/echo\",\"status\":\"succeeded\"}");
    CliRun result = run("invocation", "inv-1");
    assertThat(result.out()).contains("\"status\" : \"succeeded\"");
  }

  @Test
  void passesDetail_whenInvocationIsUnknown() {
    on(
        "GET /admin/v1/invocations/nope",
        404,
        "{\"detail\":\"no invocation nope\",\"code\":\"InvocationNotFound\"}");
    assertThat(run("invocation", "nope").errLine()).isEqualTo("cumulo: no invocation nope");
  }
}
