package io.cumulo.gateway;

import java.time.Duration;

/**
 * How the gateway serves {@code events:} routes (server-sent events).
 *
 * @param heartbeat how long a stream may stay silent before it gets a {@code : ping} comment,
 *     which keeps proxies from closing it and is how a gone client is noticed (default 15 s; at
 *     most 20 s, below the connector's 30 s idle timeout)
 * @param queueEvents how many events may wait for one slow client before its stream is closed
 *     (it reconnects with {@code Last-Event-ID} and gets the missed ones); publishers never wait
 *     (default 1000)
 * @param maxStreamsPerApp how many streams one app may have open at once; more are refused with
 *     503 and {@code Retry-After} (default 1000)
 */
public record EventStreamConfig(Duration heartbeat, int queueEvents, int maxStreamsPerApp) {
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  public static final int DEFAULT_QUEUE_EVENTS = 1000;
  public static final int DEFAULT_MAX_STREAMS_PER_APP = 1000;
  private static final Duration MAX_HEARTBEAT = Duration.ofSeconds(20);

  public EventStreamConfig {
    if (heartbeat.compareTo(Duration.ofMillis(10)) < 0 || heartbeat.compareTo(MAX_HEARTBEAT) > 0) {
      throw new IllegalArgumentException("heartbeat must be 10ms.." + MAX_HEARTBEAT.toSeconds()
          + "s, not " + heartbeat);
    }
    if (queueEvents < 1 || maxStreamsPerApp < 1) {
      throw new IllegalArgumentException("queueEvents and maxStreamsPerApp must be at least 1, not "
          + queueEvents + " and " + maxStreamsPerApp);
    }
  }

  /** The defaults: a 15 s heartbeat, 1000 queued events per client, 1000 streams per app. */
  public static EventStreamConfig defaults() {
    return new EventStreamConfig(DEFAULT_HEARTBEAT, DEFAULT_QUEUE_EVENTS, DEFAULT_MAX_STREAMS_PER_APP);
  }

  public EventStreamConfig withHeartbeat(Duration heartbeat) {
    return new EventStreamConfig(heartbeat, queueEvents, maxStreamsPerApp);
  }

  public EventStreamConfig withQueueEvents(int queueEvents) {
    return new EventStreamConfig(heartbeat, queueEvents, maxStreamsPerApp);
  }

  public EventStreamConfig withMaxStreamsPerApp(int maxStreamsPerApp) {
    return new EventStreamConfig(heartbeat, queueEvents, maxStreamsPerApp);
  }
}
