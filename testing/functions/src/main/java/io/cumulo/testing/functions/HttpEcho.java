package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Lambda-style proxy handler on plain maps: answers the status in the query's {@code status}
 * (default 200) with a JSON body describing the request it saw, and an {@code x-echo} header.
 */
public final class HttpEcho implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handle(Map<String, Object> event, Context ctx) {
    Map<String, Object> query = (Map<String, Object>) event.get("queryStringParameters");
    Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("method", event.get("httpMethod"));
    seen.put("path", event.get("path"));
    seen.put("resource", event.get("resource"));
    seen.put("pathParameters", event.get("pathParameters"));
    seen.put("query", event.get("multiValueQueryStringParameters"));
    seen.put("body", event.get("body"));
    seen.put("isBase64Encoded", event.get("isBase64Encoded"));
    seen.put("requestId", context.get("requestId"));
    seen.put("authorizer", context.get("authorizer"));
    seen.put("identity", context.get("identity"));
    seen.put("headers", event.get("headers"));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("statusCode", query != null && query.get("status") != null
        ? Integer.parseInt((String) query.get("status")) : 200);
    response.put("headers", Map.of("Content-Type", "application/json", "x-echo", "yes"));
    // A map body (rather than a JSON string) is sent as JSON by the gateway.
    response.put("body", seen);
    response.put("isBase64Encoded", false);
    return response;
  }
}
