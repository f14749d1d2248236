package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;

/**
 * Logs how long ago (in nanoseconds, System.nanoTime) the event was sent: {"sentNanos": n}.
 * Only meaningful when the sender runs in the same JVM, as the benchmarks do.
 */
public final class LatencyProbe implements Handler<Map<String, Long>, Void> {
  @Override
  public Void handle(Map<String, Long> input, Context ctx) {
    long now = System.nanoTime();
    ctx.logger().info("latencyNanos=" + (now - input.get("sentNanos")));
    return null;
  }
}
