package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Reports the JVM it runs in after a full GC: {"heapUsedBytes": n, "liveThreads": n}, so fault
 * tests can see leaks and their reclamation from outside.
 */
public final class JvmProbe implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    System.gc();
    return Map.of(
        "heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        "liveThreads", ManagementFactory.getThreadMXBean().getThreadCount());
  }
}
