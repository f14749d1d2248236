package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;

/** Fails until attempt {"succeedOn": n}, then returns {"attempt": n}. */
public final class FailUntilAttempt implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    int succeedOn = ((Number) input.getOrDefault("succeedOn", 2)).intValue();
    if (ctx.attempt() < succeedOn) {
      throw new IllegalStateException("attempt " + ctx.attempt() + " fails on purpose");
    }
    return Map.of("attempt", ctx.attempt());
  }
}
