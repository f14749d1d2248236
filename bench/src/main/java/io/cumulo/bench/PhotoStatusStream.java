package io.cumulo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Follows the photo app's server-sent events ({@code GET /apps/photos/api/events}) and notes, per
 * photo id, the {@link System#nanoTime()} at which its first {@code ready} or {@code failed} event
 * arrived. Subscribe before uploading: the stream has no backlog.
 */
final class PhotoStatusStream implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** When a photo's final status arrived (monotonic and wall clock), and which it was. */
  record Outcome(String status, long arrivedNanos, Instant arrivedAt) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
  private final HttpResponse<Stream<String>> response;

  PhotoStatusStream(URI server) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(server.resolve("/apps/photos/api/events"))
        .header("Accept", "text/event-stream").build();
    try {
      // The future completes with the headers; the lines arrive as the server sends them.
      response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("cannot open the event stream", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET /apps/photos/api/events answered " + response.statusCode());
    }
    Thread.ofPlatform().daemon().name("photo-events").start(() -> {
      try {
        response.body().filter(line -> line.startsWith("data:"))
            .forEach(line -> onData(line.substring(5).strip(), System.nanoTime(), Instant.now()));
      } catch (UncheckedIOException e) {
        // The stream ends this way when close() cancels it; a photo still waited for times out.
        outcomes.values().forEach(pending -> pending.completeExceptionally(e));
      }
    });
  }

  private void onData(String data, long arrivedNanos, Instant arrivedAt) {
    JsonNode event;
    try {
      event = JSON.readTree(data);
    } catch (IOException e) {
      return;
    }
    String status = event.path("status").asText();
    if (status.equals("ready") || status.equals("failed")) {
      outcome(event.path("id").asText()).complete(new Outcome(status, arrivedNanos, arrivedAt));
    }
  }

  private CompletableFuture<Outcome> outcome(String id) {
    return outcomes.computeIfAbsent(id, key -> new CompletableFuture<>());
  }

  /** Waits for the photo's final status. */
  Outcome await(String id, Duration timeout) throws Exception {
    return outcome(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    response.body().close();
    http.shutdownNow();
  }
}
