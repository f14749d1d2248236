package io.cumulo.core.channels;

import io.cumulo.core.CumuloException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Live notifications: functions and services publish to an app's channels, and clients subscribed
 * through an {@code events:} route get each one as a server-sent event. Nothing here is durable
 * by design (notifications are for people watching); each channel keeps its last
 * {@value #REPLAY_EVENTS} events so a client that reconnects with {@code Last-Event-ID} misses
 * nothing from a short gap. Ids grow from the hub's start time, so they keep growing across
 * restarts and a stale {@code Last-Event-ID} never matches a new event.
 */
public final class ChannelHub {
  /** How many recent events each channel keeps for reconnecting subscribers. */
  public static final int REPLAY_EVENTS = 500;
  /** The largest event, in characters of JSON. */
  public static final int MAX_EVENT_CHARS = 64 * 1024;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** What a channel name may be, for error messages. */
  public static final String NAME_RULE =
      "1..63 lowercase letters, digits and '-', starting with a letter or digit";

  private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
  private final long firstId;

  /** @param startMillis the clock's reading at start, from which event ids count up */
  public ChannelHub(long startMillis) {
    this.firstId = startMillis * 1000;
  }

  /**
   * Publishes an event to every subscriber of {@code app}'s channel.
   *
   * @return the event's id
   * @throws CumuloException (400) for a bad channel name or an event that is too large
   */
  public long publish(String app, String channel, String json) {
    checkName(channel);
    if (json == null || json.isBlank()) {
      throw CumuloException.badRequest("InvalidEvent", "a channel event needs JSON data");
    }
    if (json.length() > MAX_EVENT_CHARS) {
      throw CumuloException.badRequest("EventTooLarge",
          "a channel event is at most " + MAX_EVENT_CHARS + " characters, this one has " + json.length());
    }
    return channel(app, channel).publish(json);
  }

  /**
   * Subscribes to a channel: when {@code lastEventId} is given, first delivers the kept events
   * with larger ids, then every new event until the returned subscription is closed. The listener
   * runs on the publisher's thread and must not block.
   */
  public Subscription subscribe(String app, String channel, Long lastEventId, Consumer<ChannelEvent> listener) {
    checkName(channel);
    return channel(app, channel).subscribe(lastEventId, listener);
  }

  /** How many subscriptions of {@code app}'s channel are open (0 for a channel never used). */
  public int subscribers(String app, String channel) {
    Channel open = channels.get(app + "/" + channel);
    return open == null ? 0 : open.listeners.size();
  }

  /** Forgets an app's channels (on undeploy); its subscribers stay open but get nothing more. */
  public void dropApp(String app) {
    channels.keySet().removeIf(key -> key.startsWith(app + "/"));
  }

  private Channel channel(String app, String channel) {
    return channels.computeIfAbsent(app + "/" + channel, k -> new Channel(firstId));
  }

  /** Whether {@code channel} is a valid channel name ({@link #NAME_RULE}). */
  public static boolean isChannelName(String channel) {
    return channel != null && NAME.matcher(channel).matches();
  }

  private static void checkName(String channel) {
    if (!isChannelName(channel)) {
      throw CumuloException.badRequest("InvalidChannelName", "a channel name is " + NAME_RULE);
    }
  }

  /** A live subscription; closing it stops delivery. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Channel {
    private final ArrayDeque<ChannelEvent> recent = new ArrayDeque<>();
    private final CopyOnWriteArrayList<Consumer<ChannelEvent>> listeners = new CopyOnWriteArrayList<>();
    private long lastId;

    Channel(long firstId) {
      this.lastId = firstId;
    }

    long publish(String json) {
      ChannelEvent event;
      // Under the lock so subscribers see events in id order and a new subscriber's replay and
      // live stream neither overlap nor leave a gap.
      synchronized (this) {
        event = new ChannelEvent(++lastId, json);
        recent.addLast(event);
        if (recent.size() > REPLAY_EVENTS) {
          recent.removeFirst();
        }
        for (Consumer<ChannelEvent> listener : listeners) {
          listener.accept(event);
        }
      }
      return event.id();
    }

    synchronized Subscription subscribe(Long lastEventId, Consumer<ChannelEvent> listener) {
      if (lastEventId != null) {
        List<ChannelEvent> missed = new ArrayList<>();
        for (ChannelEvent event : recent) {
          if (event.id() > lastEventId) {
            missed.add(event);
          }
        }
        missed.forEach(listener);
      }
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }
  }
}
