package io.cumulo.bench.soak;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;

/**
 * The soak app's async function: reads the object {@link SoakFront} wrote and copies it under
 * {@code tail/}, so every request also exercises the event log, the dispatcher and a read.
 */
public final class SoakTail implements Handler<Map<String, Object>, Void> {
  @Override
  public Void handle(Map<String, Object> input, Context ctx) {
    String key = (String) input.get("key");
    byte[] data = ctx.objects().get("soak-data", key);
    ctx.objects().put("soak-data", "tail/" + key.substring(key.indexOf('/') + 1), data, "application/json");
    return null;
  }
}
