package forms;

import io.cumulo.api.HttpResponse;
import java.util.Map;

/** Error answers as {@code application/problem+json} (RFC 9457), the platform's error shape. */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  static HttpResponse of(int status, String title, String detail) {
    return of(status, title, detail, Map.of());
  }

  /** A problem with an {@code errors} member: field name to what is wrong with it. */
  static HttpResponse of(int status, String title, String detail, Map<String, String> errors) {
    String body = Json.write(json -> {
      json.writeStartObject();
      json.writeStringField("type", "about:blank");
      json.writeStringField("title", title);
      json.writeNumberField("status", status);
      json.writeStringField("detail", detail);
      if (!errors.isEmpty()) {
        json.writeObjectFieldStart("errors");
        for (var error : errors.entrySet()) {
          json.writeStringField(error.getKey(), error.getValue());
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    });
    return new HttpResponse(status, Map.of("Content-Type", CONTENT_TYPE), body, false);
  }
}
