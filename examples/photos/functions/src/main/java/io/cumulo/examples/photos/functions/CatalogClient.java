package io.cumulo.examples.photos.functions;

import io.cumulo.api.HttpResponse;
import io.cumulo.api.Services;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions' side of the catalog service's API, over direct service calls. A catalog that is
 * down or failing throws {@link CatalogUnavailableException}, which the functions let through so
 * the platform retries the event.
 */
final class CatalogClient {
  private static final String JSON = "application/json";

  private final Services services;

  CatalogClient(Services services) {
    this.services = services;
  }

  /** Records a photo's processing state (creating the photo when new); returns it as stored. */
  Map<String, Object> report(String id, Map<String, Object> state) {
    HttpResponse answer = call("PUT", "/internal/photos/" + id, Json.write(state));
    return Json.parseObject(expect(answer, 200, "record photo " + id));
  }

  /** Records a filtered version of a photo; returns the photo, or empty when it no longer exists. */
  Optional<Map<String, Object>> addFilter(String id, String filter) {
    HttpResponse answer = call("PUT", "/internal/photos/" + id + "/filters/" + filter, null);
    if (answer.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(Json.parseObject(expect(answer, 200, "record filter " + filter + " of " + id)));
  }

  /** A photo in its public shape, or empty. */
  Optional<Map<String, Object>> get(String id) {
    HttpResponse answer = call("GET", "/api/photos/" + id, null);
    if (answer.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(Json.parseObject(expect(answer, 200, "read photo " + id)));
  }

  /** Removes a photo's row; returns whether it was there. */
  boolean delete(String id) {
    HttpResponse answer = call("DELETE", "/api/photos/" + id, null);
    if (answer.statusCode() == 404) {
      return false;
    }
    expect(answer, 204, "delete photo " + id);
    return true;
  }

  /** {@code {"photos": [...]}} of the photos with these ids, in this order, as JSON text. */
  String photosByIds(List<String> ids) {
    HttpResponse answer = call("GET", "/internal/photos?ids=" + String.join(",", ids), null);
    return expect(answer, 200, "read photos " + ids);
  }

  private HttpResponse call(String method, String path, String json) {
    try {
      return services.call(PhotoKeys.CATALOG, method, path, json == null ? null : JSON,
          json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    } catch (io.cumulo.api.InvocationException e) {
      throw new CatalogUnavailableException("the catalog did not answer " + method + " " + path + ": " + e.getMessage());
    }
  }

  private static String expect(HttpResponse answer, int status, String what) {
    String body = new String(answer.bodyBytes(), StandardCharsets.UTF_8);
    if (answer.statusCode() == status) {
      return body;
    }
    if (answer.statusCode() >= 500 || answer.statusCode() == 429) {
      throw new CatalogUnavailableException("the catalog could not " + what + ": HTTP " + answer.statusCode());
    }
    throw new IllegalStateException("the catalog refused to " + what + ": HTTP " + answer.statusCode() + " " + body);
  }

  /** The catalog could not be reached or failed; the work should be retried later. */
  static final class CatalogUnavailableException extends RuntimeException {
    @java.io.Serial private static final long serialVersionUID = 1L;

    CatalogUnavailableException(String message) {
      super(message);
    }
  }
}
