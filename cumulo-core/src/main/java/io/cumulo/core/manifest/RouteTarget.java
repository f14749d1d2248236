package io.cumulo.core.manifest;

/**
 * What a route sends its requests to: a function of the app, one of its hosted services, a live
 * channel (server-sent events) or one of its buckets (read-only object serving).
 */
public sealed interface RouteTarget {

  /** The target's name within its app. */
  String name();

  /** A function of the app, invoked once per request. */
  record Function(String name) implements RouteTarget {}

  /** A hosted service of the app, to which requests are proxied. */
  record Service(String name) implements RouteTarget {}

  /**
   * A channel of the app: a GET opens a stream of server-sent events, one per notification
   * published to the channel.
   *
   * @param name the channel name: 1..63 lowercase letters, digits and '-'
   */
  record Events(String name) implements RouteTarget {}

  /**
   * A bucket the app declares: GET and HEAD serve the object whose key is the route's greedy path
   * part.
   *
   * @param name the bucket name, one of the app's {@code buckets:}
   */
  record Bucket(String name) implements RouteTarget {}
}
