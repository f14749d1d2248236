package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.deploy.AppListener;
import io.cumulo.core.manifest.AppManifest;
import io.cumulo.core.manifest.RouteSpec;
import java.nio.file.Path;
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
  private volatile Map<String, AppRoutes> byApp = Map.of();
  private volatile Map<String, String> appByHost = Map.of();
  private final java.util.List<java.util.function.Consumer<String>> changeListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** One app's routes (most specific first), web folder (or null) and host (or null). */
  record AppRoutes(List<Route> routes, Path webRoot, String host) {}

  /** A route ready to serve: its spec, compiled pattern, rate limiter and JWT checker. */
  record Route(String app, RouteSpec spec, RoutePattern pattern, RateLimiter limiter, JwtAuthenticator jwt) {}

  /** A request's route and path parameters. */
  record Match(Route route, Map<String, String> pathParameters) {}

  /**
   * Refuses a deployment whose host another app serves, or whose JWT key source cannot be used,
   * before anything of it takes effect.
   *
   * @throws CumuloException 409 {@code HostTaken}, or the JWT configuration's error
   */
  @Override
  public synchronized void check(AppManifest manifest) {
    String host = manifest.host();
    if (host != null && appByHost.containsKey(host) && !appByHost.get(host).equals(manifest.name())) {
      throw new CumuloException(409, "HostTaken", "host " + host + " is already served by app "
          + appByHost.get(host) + "; each host serves one app");
    }
    if (manifest.jwt() != null) {
      new JwtAuthenticator(manifest.jwt());
    }
  }

  /**
   * @throws CumuloException 409 when another app already serves the manifest's {@code host}
   */
  @Override
  public synchronized void deployed(AppManifest manifest, int version, Path bundleDir) {
    String app = manifest.name();
    String host = manifest.host();
    check(manifest);
    JwtAuthenticator jwt = manifest.jwt() == null ? null : new JwtAuthenticator(manifest.jwt());
    List<Route> routes = new ArrayList<>();
    for (RouteSpec spec : manifest.routes()) {
      routes.add(new Route(app, spec, new RoutePattern(spec.path()),
          spec.rateLimit() == null ? null : new RateLimiter(spec.rateLimit()), jwt));
    }
    routes.sort(Comparator.comparingLong((Route r) -> r.pattern().specificity()).reversed());
    Path web = manifest.web() == null || bundleDir == null ? null : bundleDir.resolve(manifest.web());
    Map<String, AppRoutes> next = new HashMap<>(byApp);
    next.put(app, new AppRoutes(List.copyOf(routes), web, host));
    publish(next);
    changeListeners.forEach(listener -> listener.accept(app));
  }

  @Override
  public synchronized void undeployed(String app) {
    Map<String, AppRoutes> next = new HashMap<>(byApp);
    next.remove(app);
    publish(next);
    changeListeners.forEach(listener -> listener.accept(app));
  }

  /**
   * Calls {@code listener} with an app's name after its routes were replaced or removed, so
   * long-lived requests (event streams) admitted under the old routes can end.
   */
  void onChanged(java.util.function.Consumer<String> listener) {
    changeListeners.add(listener);
  }

  private void publish(Map<String, AppRoutes> next) {
    Map<String, String> hosts = new HashMap<>();
    next.forEach((app, routes) -> {
      if (routes.host() != null) {
        hosts.put(routes.host(), app);
      }
    });
    // Readers may see the new routes a moment before the new hosts; both are whole maps.
    byApp = Map.copyOf(next);
    appByHost = Map.copyOf(hosts);
  }

  /** The app served at the root of {@code host} (lower case, without port), or null. */
  String appForHost(String host) {
    return appByHost.get(host);
  }

  /** The app's web folder, or null when it has none or is not deployed. */
  Path webRoot(String app) {
    AppRoutes routes = byApp.get(app);
    return routes == null ? null : routes.webRoot();
  }

  /**
   * The route serving {@code method} on {@code path} (decoded, below the app's root).
   *
   * @throws CumuloException 404 when no route has the path, 405 (with the allowed methods in
   *     {@link MethodNotAllowed#allowed()}) when routes have it but not for this method
   */
  Match find(String app, String method, String path) {
    AppRoutes appRoutes = byApp.get(app);
    if (appRoutes == null) {
      throw CumuloException.notFound("AppNotFound", "no app named " + app + " is deployed");
    }
    List<Route> routes = appRoutes.routes();
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
