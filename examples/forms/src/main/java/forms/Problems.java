package forms;

import io.cumulo.api.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Error answers as {@code application/problem+json} (RFC 9457), the platform's error shape. */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  static HttpResponse of(int status, String title, String detail) {
    return of(status, title, detail, Map.of());
  }

  /** A problem with extra members, e.g. {@code errors} by field. */
  static HttpResponse of(int status, String title, String detail, Map<String, ?> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.putAll(extra);
    return new HttpResponse(status, Map.of("Content-Type", CONTENT_TYPE), Json.write(body), false);
  }
}
