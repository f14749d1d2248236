package io.cumulo.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server-sent events client on {@code java.net.http}, as a browser's EventSource reads the
 * stream: {@code id:} and {@code data:} fields up to a blank line make an event; comments are
 * counted. A background thread reads until the stream ends or {@link #close()}.
 */
final class SseClient implements AutoCloseable {
  record Event(String id, String data) {}

  final HttpResponse<InputStream> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Thread reader;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = Thread.ofVirtual().start(this::read);
  }

  /** Opens a stream; the response may be an error, whose body is then readable as text. */
  static SseClient open(HttpClient http, URI uri, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Accept", "text/event-stream");
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return new SseClient(http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      StringBuilder data = null;
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(id, data.toString()));
          }
          id = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.incrementAndGet();
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(line.substring(6));
        }
      }
    } catch (IOException closed) {
      // The test closed the stream, or the server ended it abruptly.
    } finally {
      ended.set(true);
    }
  }

  int status() {
    return response.statusCode();
  }

  /** The next event, failing after 10 s without one. */
  Event next() throws InterruptedException {
    Event event = events.poll(10, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no event within 10 s");
    }
    return event;
  }

  /** An event if one arrives within {@code wait}, else null. */
  Event poll(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  int comments() {
    return comments.get();
  }

  /** Whether the server ended the stream (or it was closed). */
  boolean ended() {
    return ended.get();
  }

  @Override
  public void close() throws IOException {
    response.body().close();
    reader.interrupt();
  }
}
