package io.cumulo.examples.photos.functions;

import io.cumulo.api.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP answers of the route functions: JSON bodies and {@code application/problem+json} errors. */
final class Responses {
  private Responses() {}

  static HttpResponse json(int status, Object body) {
    return json(status, Json.write(body));
  }

  static HttpResponse json(int status, String json) {
    return new HttpResponse(status, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
        json, false);
  }

  /** An RFC 9457 problem with a readable {@code detail}. */
  static HttpResponse problem(int status, String title, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    return new HttpResponse(status, Map.of("Content-Type", "application/problem+json"), Json.write(problem), false);
  }

  static HttpResponse badRequest(String detail) {
    return problem(400, "Bad Request", detail);
  }

  static HttpResponse notFound(String detail) {
    return problem(404, "Not Found", detail);
  }
}
