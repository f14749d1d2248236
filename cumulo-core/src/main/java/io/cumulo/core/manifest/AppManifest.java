package io.cumulo.core.manifest;

import java.util.Map;

/**
 * A validated {@code cumulo.yaml}.
 *
 * @param name the app's name: lowercase letters, digits and '-', starting with a letter, at most 63
 * @param functions the functions by name, in manifest order
 */
public record AppManifest(String name, Map<String, FunctionSpec> functions) {
  public AppManifest {
    functions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(functions));
  }
}
