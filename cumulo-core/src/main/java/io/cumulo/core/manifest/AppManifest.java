package io.cumulo.core.manifest;

import java.util.Map;

/**
 * A validated {@code cumulo.yaml}.
 *
 * @param name the app's name: lowercase letters, digits and '-', starting with a letter, at most 63
 * @param buckets the buckets the app owns: created at deploy, and the only ones its functions and
 *     its S3 key may use
 * @param functions the functions by name, in manifest order
 * @param services the long-running services by name, in manifest order
 */
public record AppManifest(String name, java.util.List<String> buckets, Map<String, FunctionSpec> functions,
    Map<String, ServiceSpec> services) {
  public AppManifest {
    buckets = java.util.List.copyOf(buckets);
    functions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(functions));
    services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
  }
}
