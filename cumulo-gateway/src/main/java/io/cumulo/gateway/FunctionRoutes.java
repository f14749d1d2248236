package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.Platform;
import io.cumulo.core.manifest.FunctionSpec;
import io.cumulo.core.manifest.ManifestLimits;
import io.cumulo.core.manifest.RouteSpec;
import io.cumulo.core.manifest.RouteSpec.Cors;
import io.cumulo.core.manifest.RouteSpec.LimitBy;
import io.cumulo.core.manifest.RouteTarget;
import io.cumulo.core.runtime.InvocationRequest;
import io.cumulo.core.runtime.InvocationResult;
import io.cumulo.gateway.RouteTable.Match;
import io.cumulo.gateway.RouteTable.Route;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * Serves the apps' routes under {@code /apps/<app>/<route path>}: finds the route, answers CORS
 * preflights, authenticates (API key or JWT), applies the rate limit, reads the body within its
 * limit and the route's timeout, and invokes the function, synchronously or (with {@code async:
 * true} or {@code X-Cumulo-Invocation-Type: Event}) as an accepted event; or hands the request to
 * the service proxy, the event streams or the bucket objects.
 */
final class FunctionRoutes {
  static final String PREFIX = "/apps/";
  /** The largest body of an asynchronous route request: its event is kept in the event log. */
  static final long MAX_ASYNC_BODY_BYTES = AdminApi.MAX_ASYNC_INPUT_BYTES;

  private static final java.util.List<String> ANY_METHOD = java.util.List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");

  private final Platform platform;
  private final ServiceProxy services;
  private final EventStreams eventStreams;
  private final BucketObjects buckets;
  private final RouteTable routes;
  private final ApiKeys keys;
  private final InstantSource clock;

  FunctionRoutes(Platform platform, RouteTable routes, ApiKeys keys, InstantSource clock, ServiceProxy services,
      EventStreams eventStreams, BucketObjects buckets) {
    this.platform = platform;
    this.services = services;
    this.eventStreams = eventStreams;
    this.buckets = buckets;
    this.routes = routes;
    this.keys = keys;
    this.clock = clock;
  }

  /** Serves a request under {@code /apps/<app>/}. */
  void handle(HttpExchange x, String requestId) throws Exception {
    String rest = x.path().substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String app = slash < 0 ? rest : rest.substring(0, slash);
    if (slash < 0 && (x.method().equals("GET") || x.method().equals("HEAD")) && routes.webRoot(app) != null) {
      // The pages' relative links (style.css, api/...) resolve against the folder, so the app's
      // root must end in '/'; /apps/photos would resolve them under /apps/.
      String query = x.request.getHttpURI().getQuery();
      x.response.getHeaders().put("Location", PREFIX + app + "/" + (query == null ? "" : "?" + query));
      x.sendEmpty(308);
      return;
    }
    handle(x, requestId, app, slash < 0 ? "/" : rest.substring(slash));
  }

  /** The app served at the root of the request's host, or null. */
  String appForHost(String host) {
    return routes.appForHost(host.toLowerCase(java.util.Locale.ROOT));
  }

  /** Serves a request for {@code path} (decoded, below the app's root) of {@code app}. */
  void handle(HttpExchange x, String requestId, String app, String path) throws Exception {
    String origin = x.header("Origin");
    String preflightMethod = x.header("Access-Control-Request-Method");
    if (x.method().equals("OPTIONS") && origin != null && preflightMethod != null) {
      preflight(x, routes.find(app, preflightMethod, path).route().spec(), origin);
      return;
    }
    Match match;
    try {
      match = routes.find(app, x.method(), path);
    } catch (CumuloException e) {
      java.nio.file.Path web = routes.webRoot(app);
      if (web == null || !e.code().equals("NotFound")) {
        throw e;
      }
      StaticFiles.serve(x, web, path);
      return;
    }
    Route route = match.route();
    RouteSpec spec = route.spec();
    if (spec.cors() != null && origin != null && allows(spec.cors(), origin)) {
      corsHeaders(x.response.getHeaders(), spec.cors(), origin);
    }
    String apiKeyId = null;
    Map<String, Object> claims = null;
    switch (spec.auth()) {
      case API_KEY -> apiKeyId = keys.authenticate(app, x.header("x-api-key")).id();
      case JWT -> claims = route.jwt().authenticate(x.header("Authorization"));
      case NONE -> { }
    }
    String sourceIp = Request.getRemoteAddr(x.request);
    if (route.limiter() != null) {
      route.limiter().acquire(spec.rateLimit().by() == LimitBy.KEY && apiKeyId != null
          ? "key " + apiKeyId : "ip " + sourceIp);
    }
    RouteTarget.Function target;
    switch (spec.target()) {
      case RouteTarget.Service service -> {
        services.forward(x, app, service.name(), forwardedPath(x, app, route.pattern()), spec.timeout());
        return;
      }
      case RouteTarget.Events events -> {
        eventStreams.serve(x, app, events.name());
        return;
      }
      case RouteTarget.Bucket bucket -> {
        // The path is canonical, not decoded: a key's %20 must become a space here.
        String key = org.eclipse.jetty.util.URIUtil.decodePath(
            match.pathParameters().get(route.pattern().greedyName()));
        buckets.serve(x, bucket.name(), key, spec.cacheControl());
        return;
      }
      case RouteTarget.Function function -> target = function;
    }
    String function = app + "/" + target.name();
    boolean async = spec.async() || "Event".equalsIgnoreCase(x.header("X-Cumulo-Invocation-Type"));
    Duration timeout = spec.timeout() != null ? spec.timeout()
        : platform.runtime().spec(function).map(FunctionSpec::timeout).orElse(ManifestLimits.DEFAULT_TIMEOUT);
    Instant deadline = clock.instant().plus(timeout);
    byte[] body = x.body(async ? Math.min(spec.maxBodyBytes(), MAX_ASYNC_BODY_BYTES) : spec.maxBodyBytes(),
        timeout);
    byte[] event = ProxyEvent.request(x.request, path, spec.path(), match.pathParameters(), body,
        new ProxyEvent.Caller(requestId, sourceIp, apiKeyId, claims));
    if (async) {
      x.sendJson(202, Map.of("invocationId", platform.runtime().invokeAsync(function, event)));
      return;
    }
    InvocationResult result = platform.runtime().invoke(function, event,
        new InvocationRequest(UUID.randomUUID().toString(), 1, deadline, requestId));
    x.response.getHeaders().put("X-Cumulo-Invocation-Id", result.invocationId());
    ProxyEvent.respond(x, result.output());
  }

  /**
   * The path a service sees, still percent-encoded: for a greedy route ({@code /files/**}) the
   * greedy part ({@code /a/b} of {@code /files/a/b}), as HTTP proxy integrations do; otherwise the
   * whole path below the app's root.
   */
  private static String forwardedPath(HttpExchange x, String app, RoutePattern pattern) {
    String raw = x.request.getHttpURI().getPath();
    String appRoot = PREFIX + app;
    String below = raw.startsWith(appRoot + "/") ? raw.substring(appRoot.length()) : raw;
    int skip = pattern.segmentsBeforeGreedy();
    if (skip < 0) {
      return below;
    }
    String[] segments = below.substring(1).split("/", -1);
    return "/" + String.join("/", java.util.Arrays.copyOfRange(segments, Math.min(skip, segments.length),
        segments.length));
  }

  private static void preflight(HttpExchange x, RouteSpec spec, String origin) {
    Cors cors = spec.cors();
    if (cors == null || !allows(cors, origin)) {
      throw new CumuloException(403, "CorsForbidden", "origin " + origin + " may not call this route");
    }
    HttpFields.Mutable headers = x.response.getHeaders();
    corsHeaders(headers, cors, origin);
    java.util.Collection<String> methods = cors.methods().isEmpty() ? new java.util.TreeSet<>(spec.methods())
        : cors.methods();
    // A route serving any method allows every method a browser may preflight.
    headers.put("Access-Control-Allow-Methods",
        String.join(", ", methods.isEmpty() ? ANY_METHOD : methods));
    Set<String> allowedHeaders = new LinkedHashSet<>(cors.headers());
    if (spec.auth() == RouteSpec.Auth.API_KEY) {
      allowedHeaders.add("x-api-key");
    } else if (spec.auth() == RouteSpec.Auth.JWT) {
      allowedHeaders.add("Authorization");
    }
    allowedHeaders.add("Content-Type");
    headers.put("Access-Control-Allow-Headers", String.join(", ", allowedHeaders));
    headers.put("Access-Control-Max-Age", Long.toString(cors.maxAge().toSeconds()));
    x.sendEmpty(204);
  }

  private static boolean allows(Cors cors, String origin) {
    return cors.origins().contains("*") || cors.origins().contains(origin);
  }

  private static void corsHeaders(HttpFields.Mutable headers, Cors cors, String origin) {
    boolean any = cors.origins().contains("*");
    headers.put("Access-Control-Allow-Origin", any ? "*" : origin);
    if (!any) {
      headers.add("Vary", "Origin");
    }
    if (cors.credentials()) {
      headers.put("Access-Control-Allow-Credentials", "true");
    }
    headers.put("Access-Control-Expose-Headers", "X-Request-Id, X-Cumulo-Invocation-Id");
  }
}
