package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;

/**
 * Starts {"threads": n} (default 2) non-daemon threads per call that never end: they sleep
 * forever, and when {"ignoreInterrupts": true} they shrug off interrupts too.
 */
public final class LeakThreads implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    int threads = ((Number) input.getOrDefault("threads", 2)).intValue();
    boolean stubborn = Boolean.TRUE.equals(input.get("ignoreInterrupts"));
    for (int i = 0; i < threads; i++) {
      Thread.ofPlatform().daemon(false).name("leaked-by-" + ctx.functionName()).start(() -> sleepForever(stubborn));
    }
    return Map.of("started", threads);
  }

  private static void sleepForever(boolean stubborn) {
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        if (!stubborn) {
          return;
        }
      }
    }
  }
}
