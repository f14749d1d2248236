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
}
