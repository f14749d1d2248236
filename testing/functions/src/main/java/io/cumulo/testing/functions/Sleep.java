package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;

/** Sleeps {"millis": n} (interruptibly) and returns {"slept": n}. */
public final class Sleep implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) throws InterruptedException {
    long millis = ((Number) input.getOrDefault("millis", 100)).longValue();
    Thread.sleep(millis);
    return Map.of("slept", millis);
  }
}
