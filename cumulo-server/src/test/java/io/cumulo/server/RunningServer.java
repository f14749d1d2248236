package io.cumulo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that starts a real Cumulo server on a free loopback port with a fresh data dir
 * for each test, and gives the test an HTTP client for its admin API. Retries back off by
 * milliseconds instead of seconds so retry tests stay short.
 */
public final class RunningServer implements BeforeEachCallback, AfterEachCallback {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path dataDir;
  private CumuloServer server;
  private String token;
  private io.cumulo.gateway.EventStreamConfig eventStreams = io.cumulo.gateway.EventStreamConfig.defaults();

  /** Starts servers whose {@code events:} routes stream as {@code config} says. */
  public RunningServer withEventStreams(io.cumulo.gateway.EventStreamConfig config) {
    this.eventStreams = config;
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("cumulo-test");
    start();
  }

  public void start() throws IOException {
    server = CumuloServer.start(ServerConfig.of(dataDir, 0, 0)
        .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200))
        .withEventStreams(eventStreams));
    token = Files.readString(server.adminTokenFile()).trim();
  }

  /** Stops the server gracefully and starts a new one on the same data dir. */
  public void restart() throws IOException {
    server.close();
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    server.close();
    try (var paths = Files.walk(dataDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  public CumuloServer server() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  public URI uri() {
    return server.uri();
  }

  public String token() {
    return token;
  }

  /** An admin API request: the admin token is added. */
  public HttpResponse<String> send(String method, String path, byte[] body, String... headers) {
    return exchange(request(method, path, body, headers).header("Authorization", "Bearer " + token));
  }

  /** A request as any client sends it, without the admin token (app routes, web files). */
  public HttpResponse<String> anonymous(String method, String path, byte[] body, String... headers) {
    return exchange(request(method, path, body, headers));
  }

  private HttpRequest.Builder request(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return request;
  }

  private HttpResponse<String> exchange(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    return send("POST", path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
  }

  /** Deploys a bundle and asserts it was accepted. */
  public JsonNode deploy(String manifest) {
    return deploy(manifest, java.util.Map.of());
  }

  /** Deploys a bundle with extra text files (path in the bundle to content) and asserts it was accepted. */
  public JsonNode deploy(String manifest, java.util.Map<String, String> files) {
    HttpResponse<String> response = send("POST", "/admin/v1/apps", TestApps.bundle(manifest, files),
        "Content-Type", "application/zip");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  public HttpResponse<String> invoke(String function, String input) {
    return post("/admin/v1/functions/" + function + "/invoke", input);
  }

  public String invokeAsync(String function, String input) {
    HttpResponse<String> response = post("/admin/v1/functions/" + function + "/invoke", input,
        "X-Cumulo-Invocation-Type", "Event");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return json(response).get("invocationId").asText();
  }

  /** Waits until the app's first service has {@code replicas} healthy replicas. */
  public void awaitHealthy(String app, int replicas) {
    await(Duration.ofSeconds(30), replicas + " healthy replicas of " + app, () -> {
      for (JsonNode a : json(get("/admin/v1/apps")).path("apps")) {
        if (a.path("name").asText().equals(app)) {
          return a.path("services").path(0).path("healthy").asInt() == replicas;
        }
      }
      return false;
    });
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls until the condition holds, failing after the timeout. */
  public static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
