package io.cumulo.core.manifest;

/** What a route sends its requests to: a function of the app, or one of its hosted services. */
public sealed interface RouteTarget {

  /** The target's name within its app. */
  String name();

  /** A function of the app, invoked once per request. */
  record Function(String name) implements RouteTarget {}

  /** A hosted service of the app, to which requests are proxied. */
  record Service(String name) implements RouteTarget {}
}
