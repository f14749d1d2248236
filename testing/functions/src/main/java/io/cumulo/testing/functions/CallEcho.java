package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;

/** Calls the "echo" function of its own app with its input and wraps the answer: {"echoed": ...}. */
public final class CallEcho implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    Map<String, Object> answer = ctx.functions().invoke("echo", input, Map.class);
    return Map.of("echoed", answer);
  }
}
