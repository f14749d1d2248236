package io.cumulo.server.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.cumulo.server.RunningServer;
import io.cumulo.server.ServerProcess;
import io.cumulo.server.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The admin API of a server in a child JVM, as the fault tests use it. */
final class ChildAdmin {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ServerProcess server;

  ChildAdmin(ServerProcess server) {
    this.server = server;
  }

  HttpResponse<String> post(String path, byte[] body) {
    try {
      return http.send(HttpRequest.newBuilder(server.uri().resolve(path))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + server.token())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Deploys (or redeploys: a new version in new class loaders) and asserts it was accepted. */
  void deploy(String manifest) {
    HttpResponse<String> response = post("/admin/v1/apps", TestApps.bundle(manifest));
    if (response.statusCode() != 200) {
      throw new AssertionError("deploy answered " + response.statusCode() + ": " + response.body());
    }
  }

  HttpResponse<String> invoke(String function, String json) {
    return post("/admin/v1/functions/" + function + "/invoke", json.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code JvmProbe} function's view of the server JVM, after a full GC. */
  JsonNode probe(String function) {
    HttpResponse<String> response = invoke(function, "{}");
    if (response.statusCode() != 200) {
      throw new AssertionError("probe answered " + response.statusCode() + ": " + response.body());
    }
    return RunningServer.json(response);
  }
}
