package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.time.Duration;
import java.util.Map;

/** {"method":"PUT|GET","bucket":..,"key":..} -> {"url": a presigned URL valid for 5 minutes}. */
public final class Presign implements Handler<Presign.Request, Map<String, String>> {
  public record Request(String method, String bucket, String key) {}

  @Override
  public Map<String, String> handle(Request request, Context ctx) {
    var url = request.method().equals("PUT")
        ? ctx.objects().presignPut(request.bucket(), request.key(), Duration.ofMinutes(5), "text/plain")
        : ctx.objects().presignGet(request.bucket(), request.key(), Duration.ofMinutes(5));
    return Map.of("url", url.toString());
  }
}
