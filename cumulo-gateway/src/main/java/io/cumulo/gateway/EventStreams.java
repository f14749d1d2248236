package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.channels.ChannelHub;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Serves {@code events:} routes as server-sent events: each notification published to the
 * route's channel becomes {@code id: N} and {@code data:} lines; {@code Last-Event-ID} (header, or
 * the {@code lastEventId} query parameter for clients that cannot set headers) replays what the
 * channel still keeps. A stream ends when its client leaves (noticed at the latest by the next
 * heartbeat), falls {@link EventStreamConfig#queueEvents()} behind, its app is redeployed or
 * undeployed, or the server stops.
 */
final class EventStreams implements AutoCloseable {
  private final ChannelHub hub;
  private final EventStreamConfig config;
  private final Map<String, Set<EventStream>> openByApp = new ConcurrentHashMap<>();
  private volatile boolean closing;

  EventStreams(ChannelHub hub, EventStreamConfig config) {
    this.hub = hub;
    this.config = config;
  }

  /**
   * Streams {@code app}'s {@code channel} to the client until the stream ends.
   *
   * @throws CumuloException 400 for a bad {@code Last-Event-ID}, 503 when the app has
   *     {@link EventStreamConfig#maxStreamsPerApp()} streams open
   */
  void serve(HttpExchange x, String app, String channel) {
    Long lastEventId = lastEventId(x);
    x.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    x.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    // nginx buffers responses unless told not to, which would hold events back.
    x.response.getHeaders().put("X-Accel-Buffering", "no");
    if (x.method().equals("HEAD")) {
      x.sendEmpty(200);
      return;
    }
    EventStream stream = new EventStream(x, config.queueEvents());
    open(app, stream);
    try (ChannelHub.Subscription subscription = hub.subscribe(app, channel, lastEventId, stream::offer)) {
      x.response.setStatus(200);
      try (OutputStream out = Content.Sink.asOutputStream(x.response)) {
        // A first comment sends the headers now, so the client knows it is subscribed.
        out.write(": subscribed\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        stream.pump(out, config.heartbeat().toMillis(), () -> closing);
      }
      x.callback.succeeded();
    } catch (IOException clientGone) {
      x.callback.failed(clientGone);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      x.callback.failed(e);
    } finally {
      close(app, stream);
    }
  }

  private void open(String app, EventStream stream) {
    boolean[] admitted = {false};
    openByApp.compute(app, (key, streams) -> {
      Set<EventStream> set = streams != null ? streams : ConcurrentHashMap.newKeySet();
      if (set.size() < config.maxStreamsPerApp()) {
        set.add(stream);
        admitted[0] = true;
      }
      return set;
    });
    if (!admitted[0]) {
      throw CumuloException.unavailable("TooManyStreams", "app " + app + " has "
          + config.maxStreamsPerApp() + " event streams open, the most allowed; retry later");
    }
  }

  private void close(String app, EventStream stream) {
    openByApp.computeIfPresent(app, (key, streams) -> {
      streams.remove(stream);
      return streams.isEmpty() ? null : streams;
    });
  }

  /** Ends the app's open streams cleanly (on redeploy and undeploy); their clients see the end. */
  void endApp(String app) {
    Set<EventStream> streams = openByApp.get(app);
    if (streams != null) {
      streams.forEach(EventStream::end);
    }
  }

  /** How many streams of {@code app} are open. */
  int openStreams(String app) {
    Set<EventStream> streams = openByApp.get(app);
    return streams == null ? 0 : streams.size();
  }

  /** Ends every open stream, so the server can stop without waiting for their clients. */
  @Override
  public void close() {
    closing = true;
    openByApp.values().forEach(streams -> streams.forEach(EventStream::end));
  }

  private static Long lastEventId(HttpExchange x) {
    String given = x.header("Last-Event-ID");
    if (given == null || given.isBlank()) {
      given = x.query("lastEventId");
    }
    if (given == null || given.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(given.trim());
    } catch (NumberFormatException e) {
      throw CumuloException.badRequest("InvalidLastEventId", "Last-Event-ID '" + given
          + "' is not an event id; send the id of the last event received, a number");
    }
  }
}
