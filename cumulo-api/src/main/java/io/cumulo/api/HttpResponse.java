package io.cumulo.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * What a function behind a gateway route answers, in the API Gateway proxy shape. A handler may
 * equally return a {@code Map} with these keys; any other result is sent as a 200 JSON body.
 *
 * @param statusCode the HTTP status, 100..599
 * @param headers response headers
 * @param body the body as text, base64 when {@code isBase64Encoded}; null for none
 * @param isBase64Encoded whether {@code body} is base64 (binary bodies)
 */
public record HttpResponse(int statusCode, Map<String, String> headers, String body, boolean isBase64Encoded) {

  public HttpResponse {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A 200 with a plain-text body. */
  public static HttpResponse ok(String text) {
    return new HttpResponse(200, Map.of("Content-Type", "text/plain; charset=utf-8"), text, false);
  }

  /** A response with a JSON body the handler has already serialised. */
  public static HttpResponse json(int statusCode, String json) {
    return new HttpResponse(statusCode, Map.of("Content-Type", "application/json"), json, false);
  }

  /** A 200 with a binary body of the given content type, sent base64-encoded. */
  public static HttpResponse binary(byte[] bytes, String contentType) {
    return new HttpResponse(200, Map.of("Content-Type", contentType),
        Base64.getEncoder().encodeToString(bytes), true);
  }

  /** A body-less response, e.g. {@code 204} or a redirect with a {@code Location} header. */
  public static HttpResponse status(int statusCode, Map<String, String> headers) {
    return new HttpResponse(statusCode, headers, null, false);
  }

  /** The body's bytes: decoded from base64 when binary, UTF-8 otherwise. */
  public byte[] bodyBytes() {
    if (body == null) {
      return new byte[0];
    }
    return isBase64Encoded ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
  }
}
