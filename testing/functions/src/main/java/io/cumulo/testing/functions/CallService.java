package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.HttpResponse;
import java.util.Map;

/** {"service":"web","path":"/whoami"} -> {"status":200,"body":"..."} through ctx.services(). */
public final class CallService implements Handler<CallService.Call, Map<String, Object>> {
  public record Call(String service, String path) {}

  @Override
  public Map<String, Object> handle(Call call, Context ctx) {
    HttpResponse response = ctx.services().call(call.service(), "GET", call.path(), null, null);
    return Map.of("status", response.statusCode(),
        "body", new String(response.bodyBytes(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
