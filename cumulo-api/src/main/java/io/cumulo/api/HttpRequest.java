package io.cumulo.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The input of a function behind a gateway route, in the API Gateway (REST, payload 1.0) proxy
 * shape, so a handler written for Lambda that takes a {@code Map<String, Object>} works unchanged.
 *
 * @param httpMethod the request method, upper case
 * @param path the path below the app's root, e.g. {@code /api/images/42}
 * @param resource the route's path pattern, e.g. {@code /api/images/{id}}
 * @param pathParameters the route's parameters by name (a greedy one holds the rest of the path)
 * @param queryStringParameters the last value of each query parameter
 * @param multiValueQueryStringParameters every value of each query parameter
 * @param headers the last value of each header, names lower case
 * @param multiValueHeaders every value of each header, names lower case
 * @param body the body as text, base64 when {@code isBase64Encoded}; null when there is none
 * @param isBase64Encoded whether {@code body} is base64 (for binary content types)
 * @param requestContext who asked and how the request was identified
 */
public record HttpRequest(
    String httpMethod,
    String path,
    String resource,
    Map<String, String> pathParameters,
    Map<String, String> queryStringParameters,
    Map<String, List<String>> multiValueQueryStringParameters,
    Map<String, String> headers,
    Map<String, List<String>> multiValueHeaders,
    String body,
    boolean isBase64Encoded,
    RequestContext requestContext) {

  /**
   * @param requestId the request's id, also returned to the client in {@code X-Request-Id}
   * @param identity the client
   * @param authorizer what the route's authentication established, or null for {@code auth: none}
   */
  public record RequestContext(String requestId, Identity identity, Authorizer authorizer) {}

  /**
   * @param sourceIp the client's IP address
   * @param apiKeyId the id of the API key the client sent ({@code auth: apiKey}), or null
   */
  public record Identity(String sourceIp, String apiKeyId) {}

  /** @param claims the verified JWT's claims ({@code auth: jwt}), or empty */
  public record Authorizer(Map<String, Object> claims) {}

  /** A header's value by case-insensitive name, or null. */
  public String header(String name) {
    return headers == null ? null : headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** The body's bytes: decoded from base64 when it is binary, UTF-8 otherwise; empty when none. */
  public byte[] bodyBytes() {
    if (body == null) {
      return new byte[0];
    }
    return isBase64Encoded ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
  }
}
