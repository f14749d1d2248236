package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.deploy.AppListener;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.RouteSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes of every deployed app, replaced as a whole on each deploy and undeploy so a request
 * sees either the old routes of an app or the new ones, never a mix. Register it with the
 * deployer as an {@link AppListener} and hand it to the {@link GatewayServer}.
 */
public final class RouteTable implements AppListener {
  private volatile Map<String, List<Route>> byApp = Map.of();

  /** A route ready to serve: its spec, compiled pattern, rate limiter and JWT checker. */
  record Route(String app, RouteSpec spec, RoutePattern pattern, RateLimiter limiter, JwtAuthenticator jwt) {}

  /** A request's route and path parameters. */
  record Match(Route route, Map<String, String> pathParameters) {}

  @Override
  public synchronized void deployed(AppManifest manifest) {
    JwtAuthenticator jwt = manifest.jwt() == null ? null : new JwtAuthenticator(manifest.jwt());
    List<Route> routes = new ArrayList<>();
    for (RouteSpec spec : manifest.routes()) {
      routes.add(new Route(manifest.name(), spec, new RoutePattern(spec.path()),
          spec.rateLimit() == null ? null : new RateLimiter(spec.rateLimit()), jwt));
    }
    routes.sort(Comparator.comparingLong((Route r) -> r.pattern().specificity()).reversed());
    Map<String, List<Route>> next = new HashMap<>(byApp);
    next.put(manifest.name(), List.copyOf(routes));
    byApp = Map.copyOf(next);
  }

  @Override
  public synchronized void undeployed(String app) {
    Map<String, List<Route>> next = new HashMap<>(byApp);
    next.remove(app);
    byApp = Map.copyOf(next);
  }

  /**
   * The route serving {@code method} on {@code path} (decoded, below the app's root).
   *
   * @throws CumuloException 404 when no route has the path, 405 (with the allowed methods in
   *     {@link MethodNotAllowed#allowed()}) when routes have it but not for this method
   */
  Match find(String app, String method, String path) {
    List<Route> routes = byApp.get(app);
    if (routes == null) {
      throw CumuloException.notFound("NotFound", "no app named " + app + " is deployed");
    }
    String[] segments = path.isEmpty() || path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    Set<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Map<String, String> parameters = route.pattern().match(segments);
      if (parameters == null) {
        continue;
      }
      Set<String> methods = route.spec().methods();
      if (methods.isEmpty() || methods.contains(method)
          || method.equals("HEAD") && methods.contains("GET")) {
        return new Match(route, parameters);
      }
      allowed.addAll(methods);
    }
    if (allowed.isEmpty()) {
      throw CumuloException.notFound("NotFound", "app " + app + " has no route for " + path);
    }
    throw new MethodNotAllowed(String.join(", ", allowed),
        method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed));
  }

  /** A 405 that knows the {@code Allow} header. */
  static final class MethodNotAllowed extends CumuloException {
    @java.io.Serial private static final long serialVersionUID = 1L;
    private final String allowed;

    MethodNotAllowed(String allowed, String message) {
      super(405, "MethodNotAllowed", message);
      this.allowed = allowed;
    }

    String allowed() {
      return allowed;
    }
  }
}
