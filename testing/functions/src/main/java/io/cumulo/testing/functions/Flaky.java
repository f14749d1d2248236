package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fails with {@link FlakyException} the first {"failTimes": n} calls for each {"token": t}, then
 * returns {"token": t, "calls": c}: a step that a workflow's Retry gets past. Counts live in this
 * class, so they last as long as the deployed version.
 */
public final class Flaky implements Handler<Map<String, Object>, Map<String, Object>> {
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  /** The error a workflow's Retry and Catch rules match by its simple name. */
  public static final class FlakyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FlakyException(String message) {
      super(message);
    }
  }

  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    String token = String.valueOf(input.get("token"));
    int failTimes = ((Number) input.getOrDefault("failTimes", 1)).intValue();
    int calls = CALLS.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
    if (calls <= failTimes) {
      throw new FlakyException("call " + calls + " of " + token + " fails on purpose");
    }
    return Map.of("token", token, "calls", calls);
  }
}
