package io.cumulo.bench.soak;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The soak app's route handler: writes a small object through {@code ctx.objects()} (one of 256
 * keys, so storage stays bounded however long the soak runs), queues an async invoke of
 * {@link SoakTail}, and answers 200 with the key it wrote.
 */
public final class SoakFront implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, Object> event, Context ctx) {
    String key = "front/k" + Math.floorMod(ctx.invocationId().hashCode(), 256);
    byte[] body = ("{\"invocation\":\"" + ctx.invocationId() + "\"}").getBytes(StandardCharsets.UTF_8);
    ctx.objects().put("soak-data", key, body, "application/json");
    ctx.functions().invokeAsync("tail", Map.of("key", key));
    return Map.of("statusCode", 200, "headers", Map.of("Content-Type", "application/json"),
        "body", Map.of("key", key));
  }
}
