package io.cumulo.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What a handler knows about the invocation it is running and the platform around it. */
public interface Context {

  /**
   * This invocation's id. For events and async invocations it is the event's id, stable across
   * retries, so handlers can use it to make their side effects idempotent.
   */
  String invocationId();

  /**
   * The id of the HTTP request this invocation serves (the gateway's {@code X-Request-Id}), for
   * correlating logs with a client's request; null when the function was not invoked through a
   * route.
   */
  default String requestId() {
    return null;
  }

  /** The function's qualified name, {@code app/function}. */
  String functionName();

  /** Which attempt this is, starting at 1; above 1 only for retried events. */
  int attempt();

  /** The memory the function was configured with, in MiB (manifest {@code memory}). */
  int memoryMb();

  /** When the platform will interrupt this invocation and fail it with a timeout. */
  Instant deadline();

  /** Time left until {@link #deadline()}; never negative. */
  Duration remainingTime();

  /** The function's environment: the manifest's {@code env} map. */
  Map<String, String> env();

  /** A logger whose lines land in {@code cumulo logs APP/FN}, tagged with this invocation's id. */
  FunctionLogger logger();

  /** A client for invoking other functions. */
  Functions functions();

  /** The app's buckets, in-process. */
  ObjectClient objects();

  /** The app's tables (rows of JSON by key), whose writes fire {@code table:} triggers. */
  io.cumulo.api.tables.Tables tables();

  /** The app's full-text search indexes. */
  io.cumulo.api.search.SearchClient search();

  /** The platform's image engine. */
  io.cumulo.api.images.Images images();

  /** The app's hosted services, called directly. */
  Services services();

  /**
   * Sends a notification to the live subscribers of one of the app's channels: clients of a route
   * with {@code events: CHANNEL} receive it as a server-sent event. Notifications are for people
   * watching; they are not stored durably (a reconnecting client gets the last few hundred it
   * missed, by {@code Last-Event-ID}).
   *
   * @param channel the channel's name (bucket-name rules)
   * @param json the event's data, a JSON value as text, at most 64 KiB
   * @return the event's id on the channel
   */
  String publish(String channel, String json);
}
