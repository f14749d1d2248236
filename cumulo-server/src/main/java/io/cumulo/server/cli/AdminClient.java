package io.cumulo.server.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A client of the admin API ({@code <server>/admin/v1}). Every failure becomes a {@link
 * CliException} whose message is fit to print: problem+json answers become an {@link
 * AdminApiException} carrying the problem's {@code detail} and {@code code}.
 */
final class AdminClient implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** For quick admin calls: listing, records, dead letters. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** For calls that may run long: a synchronous invoke, a deploy that loads code. */
  static final Duration LONG_REQUEST_TIMEOUT = Duration.ofMinutes(5);

  static final ObjectMapper JSON = new ObjectMapper();

  private final ClientConfig config;
  private final URI base;
  private final HttpClient http;

  AdminClient(ClientConfig config) {
    this.config = config;
    this.base = URI.create(config.serverUrl() + "/admin/v1/");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /** Sends an app archive; answers {@code {"name","version","functions":[...]}}. */
  JsonNode deploy(byte[] zip) {
    return json(
        request("apps", LONG_REQUEST_TIMEOUT)
            .header("Content-Type", "application/zip")
            .POST(BodyPublishers.ofByteArray(zip)));
  }

  /** Answers {@code {"apps":[...]}} with each app's functions and their live figures. */
  JsonNode apps() {
    return json(request("apps", REQUEST_TIMEOUT).GET());
  }

  /**
   * Invokes a function.
   *
   * @param input the input JSON, sent as is
   * @param async whether to queue the invocation ({@code Event}) rather than wait for its result
   */
  Invocation invoke(FunctionRef function, byte[] input, boolean async) {
    HttpRequest.Builder request =
        request("functions/" + function.path() + "/invoke", LONG_REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofByteArray(input));
    if (async) {
      request.header("X-Cumulo-Invocation-Type", "Event");
    }
    HttpResponse<byte[]> response = send(request.build(), BodyHandlers.ofByteArray());
    checkStatus(
        response.statusCode(), response.headers().firstValue("Content-Type"), response.body());
    String id = response.headers().firstValue("X-Cumulo-Invocation-Id").orElse(null);
    if (async) {
      id = parse(response.body()).path("invocationId").asText(id);
    }
    return new Invocation(id, response.body());
  }

  /** The result of an invoke: its id and, for a synchronous invoke, the result body as sent. */
  record Invocation(String id, byte[] body) {}

  /** Answers the record of one invocation. */
  JsonNode invocation(String id) {
    return json(
        request("invocations/" + URLEncoder.encode(id, StandardCharsets.UTF_8), REQUEST_TIMEOUT)
            .GET());
  }

  /**
   * Reads a function's log lines, handing each to {@code sink} as it arrives.
   *
   * @param since the oldest line wanted, or null for the server's default
   * @param limit the most lines wanted, or null for the server's default
   * @param follow whether to keep the stream open for new lines; this then returns only when the
   *     server closes it (or the process is stopped)
   */
  void logs(
      FunctionRef function, Instant since, Integer limit, boolean follow, Consumer<JsonNode> sink) {
    StringBuilder query = new StringBuilder("?follow=").append(follow);
    if (since != null) {
      query.append("&since=").append(URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
    }
    if (limit != null) {
      query.append("&limit=").append(limit);
    }
    // The timeout covers the wait for the response headers, not the open-ended streamed body.
    HttpRequest request =
        request("functions/" + function.path() + "/logs" + query, REQUEST_TIMEOUT)
            .header("Accept", "application/x-ndjson")
            .GET()
            .build();
    HttpResponse<InputStream> response = send(request, BodyHandlers.ofInputStream());
    try (InputStream body = response.body();
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      if (response.statusCode() >= 400) {
        checkStatus(
            response.statusCode(),
            response.headers().firstValue("Content-Type"),
            body.readAllBytes());
      }
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          sink.accept(parse(line.getBytes(StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw lostConnection(e);
    }
  }

  /** Answers {@code {"deadLetters":[...]}}, at most {@code limit} of them. */
  JsonNode deadLetters(FunctionRef function, int limit) {
    return json(
        request("functions/" + function.path() + "/dlq?limit=" + limit, REQUEST_TIMEOUT).GET());
  }

  /**
   * Queues dead letters again.
   *
   * @param body {@code {"all":true}} or {@code {"eventIds":[...]}}
   * @return how many events were replayed
   */
  int replay(FunctionRef function, JsonNode body) {
    JsonNode answer =
        json(
            request("functions/" + function.path() + "/dlq/replay", REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body.toString())));
    return answer.path("replayed").asInt();
  }

  /** Creates an API key: answers {@code {"id", "app", "name", "createdAt", "key"}}. */
  JsonNode createKey(String app, String name) {
    var body = JSON.createObjectNode().put("name", name);
    return json(
        request("apps/" + segment(app) + "/keys", REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body.toString())));
  }

  /** Answers {@code {"keys":[{"id", "app", "name", "createdAt"}...]}}. */
  JsonNode keys(String app) {
    return json(request("apps/" + segment(app) + "/keys", REQUEST_TIMEOUT).GET());
  }

  void revokeKey(String app, String id) {
    json(request("apps/" + segment(app) + "/keys/" + segment(id), REQUEST_TIMEOUT).DELETE());
  }

  /** Starts an execution of {@code app/workflow}: answers the execution as described. */
  JsonNode startExecution(String app, String workflow, byte[] input, String name) {
    String path = "apps/" + segment(app) + "/workflows/" + segment(workflow) + "/executions"
        + (name == null ? "" : "?name=" + segment(name));
    return json(request(path, REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofByteArray(input)));
  }

  /** Answers {@code {"executions":[...]}}, newest first; {@code workflow} and {@code status} may be null. */
  JsonNode executions(String app, String workflow, String status, int limit) {
    String path = "apps/" + segment(app) + (workflow == null ? "" : "/workflows/" + segment(workflow))
        + "/executions?limit=" + limit + (status == null ? "" : "&status=" + segment(status));
    return json(request(path, REQUEST_TIMEOUT).GET());
  }

  /** Answers one execution. */
  JsonNode execution(String id) {
    return json(request("executions/" + segment(id), REQUEST_TIMEOUT).GET());
  }

  /** Answers {@code {"executionId", "events":[...]}}. */
  JsonNode executionHistory(String id, int limit) {
    return json(request("executions/" + segment(id) + "/history?limit=" + limit, REQUEST_TIMEOUT).GET());
  }

  /** Stops an execution; answers it as stored afterwards. */
  JsonNode stopExecution(String id, String cause) {
    var body = JSON.createObjectNode().put("cause", cause);
    return json(request("executions/" + segment(id) + "/stop", REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body.toString())));
  }

  private static String segment(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    http.close();
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Accept", "application/json");
    config.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    return builder;
  }

  private JsonNode json(HttpRequest.Builder request) {
    HttpResponse<byte[]> response = send(request.build(), BodyHandlers.ofByteArray());
    checkStatus(
        response.statusCode(), response.headers().firstValue("Content-Type"), response.body());
    return parse(response.body());
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new CliException(
          "the server at "
              + config.serverUrl()
              + " answered with malformed JSON; is it a Cumulo server?");
    }
  }

  private <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no answer to connect within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "the server at "
              + config.serverUrl()
              + " did not answer within "
              + request.timeout().map(AdminClient::describe).orElse("the time limit"),
          e);
    } catch (ConnectException e) {
      throw unreachable(
          e.getCause() instanceof UnresolvedAddressException
              ? "unknown host"
              : "connection refused",
          e);
    } catch (IOException e) {
      throw lostConnection(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the server", e);
    }
  }

  private CliException lostConnection(IOException cause) {
    return new CliException(
        "lost the connection to the server at "
            + config.serverUrl()
            + " ("
            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
            + ")",
        cause);
  }

  private CliException unreachable(String reason, Exception cause) {
    return new CliException(
        "cannot reach the server at "
            + config.serverUrl()
            + " ("
            + reason
            + "); is it running? start it with ./cumulo up",
        cause);
  }

  private void checkStatus(int status, Optional<String> contentType, byte[] body) {
    if (status < 400) {
      return;
    }
    if (status == 401) {
      throw new CliException(
          "the server refused the admin token (401); check CUMULO_TOKEN or "
              + config.dataDir().resolve(ClientConfig.TOKEN_FILE));
    }
    throw problem(status, contentType.orElse(""), body);
  }

  /** Maps an error answer to an exception; a non-JSON body is summarised, never dumped whole. */
  static AdminApiException problem(int status, String contentType, byte[] body) {
    if (contentType.contains("json")) {
      try {
        JsonNode problem = JSON.readTree(body);
        String code = problem.path("code").isTextual() ? problem.path("code").asText() : null;
        String detail = problem.path("detail").asText(problem.path("title").asText(""));
        if (!detail.isBlank()) {
          return new AdminApiException(status, code, detail);
        }
        return new AdminApiException(
            status,
            code,
            "the server answered HTTP " + status + (code == null ? "" : " (" + code + ")"));
      } catch (JacksonException e) {
        // Fall through: report the status with the start of the body.
      } catch (IOException e) {
        throw new IllegalStateException("reading a byte array cannot fail", e);
      }
    }
    String text = new String(body, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
    if (text.length() > 200) {
      text = text.substring(0, 200) + "...";
    }
    return new AdminApiException(
        status, null, "the server answered HTTP " + status + (text.isEmpty() ? "" : ": " + text));
  }

  private static String describe(Duration duration) {
    return duration.toMinutes() > 0 && duration.toSecondsPart() == 0
        ? duration.toMinutes() + " min"
        : duration.toSeconds() + " s";
  }
}
