package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.HttpRequest;
import io.cumulo.api.HttpResponse;

/**
 * A typed route handler: echoes a binary body back with its content type (base64 both ways), and
 * otherwise answers JSON naming the {@code id} path parameter and the caller's JWT subject.
 */
public final class HttpTyped implements Handler<HttpRequest, HttpResponse> {
  @Override
  public HttpResponse handle(HttpRequest request, Context ctx) {
    if (request.isBase64Encoded()) {
      return HttpResponse.binary(request.bodyBytes(), request.header("Content-Type"));
    }
    String id = request.pathParameters() == null ? null : request.pathParameters().get("id");
    var authorizer = request.requestContext().authorizer();
    Object subject = authorizer == null ? null : authorizer.claims().get("sub");
    return HttpResponse.json(201, "{\"id\":" + quote(id) + ",\"sub\":" + quote(subject)
        + ",\"requestId\":" + quote(request.requestContext().requestId())
        + ",\"contextRequestId\":" + quote(ctx.requestId()) + "}");
  }

  private static String quote(Object value) {
    return value == null ? "null" : "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
