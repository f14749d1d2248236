package io.cumulo.core.manifest;

import java.util.Map;

/**
 * A validated {@code cumulo.yaml}.
 *
 * @param name the app's name: lowercase letters, digits and '-', starting with a letter, at most 63
 * @param buckets the buckets the app owns: created at deploy, and the only ones its functions and
 *     its S3 key may use
 * @param bucketCors the cross-origin policy of buckets that browsers reach directly (e.g. uploads
 *     through presigned URLs), by bucket; set on the bucket at deploy
 * @param functions the functions by name, in manifest order
 * @param services the long-running services by name, in manifest order
 * @param workflows the workflows by name, in manifest order
 * @param routes the HTTP routes the gateway serves for the app, in manifest order
 * @param jwt how {@code auth: jwt} routes check tokens, or null when the app has none
 * @param web the folder of the bundle served as static files at the app's root, or null
 * @param host a host name (e.g. {@code photos.localhost}) whose root serves the app, or null
 */
public record AppManifest(String name, java.util.List<String> buckets, Map<String, RouteSpec.Cors> bucketCors,
    Map<String, FunctionSpec> functions,
    Map<String, ServiceSpec> services, Map<String, WorkflowSpec> workflows, java.util.List<RouteSpec> routes, JwtConfig jwt, String web, String host) {
  public AppManifest {
    buckets = java.util.List.copyOf(buckets);
    bucketCors = Map.copyOf(bucketCors);
    routes = java.util.List.copyOf(routes);
    functions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(functions));
    services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
    workflows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(workflows));
  }
}
