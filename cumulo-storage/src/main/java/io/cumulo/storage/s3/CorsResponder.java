package io.cumulo.storage.s3;

import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.StorageException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Answers browsers by a bucket's CORS rules: preflight {@code OPTIONS} requests (unauthenticated,
 * as browsers send them without credentials) and the {@code Access-Control-*} headers of actual
 * requests that carry an {@code Origin}.
 */
final class CorsResponder {
  private final ObjectStore store;

  CorsResponder(ObjectStore store) {
    this.store = store;
  }

  void preflight(S3Exchange x) {
    String origin = x.header("Origin");
    String method = x.header("Access-Control-Request-Method");
    if (origin == null || method == null) {
      throw new StorageException(400, "BadRequest",
          "Insufficient information. Origin request header needed and Access-Control-Request-Method needed.");
    }
    if (x.bucket() == null) {
      throw S3Errors.corsForbidden("CORSResponse: Bucket not found");
    }
    if (!store.bucketExists(x.bucket())) {
      throw StorageException.noSuchBucket(x.bucket());
    }
    List<String> requested = requestedHeaders(x.header("Access-Control-Request-Headers"));
    CorsConfiguration.Rule rule = configuration(x.bucket())
        .map(c -> c.match(origin, method, requested))
        .orElseThrow(() -> S3Errors.corsForbidden("CORSResponse: CORS is not enabled for this bucket."));
    if (rule == null) {
      throw S3Errors.corsForbidden("CORSResponse: This CORS request is not allowed. "
          + "This is usually because the evalution of Origin, request method / Access-Control-Request-Method "
          + "or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.");
    }
    allowHeaders(x, origin, rule);
    if (!requested.isEmpty()) {
      x.setHeader("Access-Control-Allow-Headers", String.join(", ", requested));
    }
    x.setHeader("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
    x.sendEmpty(200);
  }

  /** Adds CORS headers to a normal request when its Origin and method match a rule. */
  void decorate(S3Exchange x) {
    String origin = x.header("Origin");
    if (origin == null || x.bucket() == null) {
      return;
    }
    Optional<CorsConfiguration> configuration;
    try {
      configuration = configuration(x.bucket());
    } catch (StorageException e) {
      return;
    }
    configuration.map(c -> c.match(origin, x.method(), List.of())).ifPresent(rule -> {
      allowHeaders(x, origin, rule);
      x.setHeader("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
    });
  }

  private static void allowHeaders(S3Exchange x, String origin, CorsConfiguration.Rule rule) {
    String allowOrigin = rule.allowOriginFor(origin);
    x.setHeader("Access-Control-Allow-Origin", allowOrigin);
    x.setHeader("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
    if (!allowOrigin.equals("*")) {
      x.setHeader("Access-Control-Allow-Credentials", "true");
    }
    if (!rule.exposeHeaders().isEmpty()) {
      x.setHeader("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
    }
    if (rule.maxAgeSeconds() != null) {
      x.setHeader("Access-Control-Max-Age", rule.maxAgeSeconds().toString());
    }
  }

  private Optional<CorsConfiguration> configuration(String bucket) {
    return store.bucketConfig(bucket, BucketOperations.CORS).map(CorsConfiguration::parse);
  }

  private static List<String> requestedHeaders(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    return Arrays.stream(header.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
  }
}
