package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Leaks {"mib": n} MiB (default 4) per call into a static list, the way a careless cache does, and
 * returns {"leakedMib": total}. Only a new class loader (a redeploy) lets the memory go.
 */
public final class LeakMemory implements Handler<Map<String, Object>, Map<String, Object>> {
  private static final List<byte[]> LEAKED = new ArrayList<>();

  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    int mib = ((Number) input.getOrDefault("mib", 4)).intValue();
    synchronized (LEAKED) {
      LEAKED.add(new byte[mib << 20]);
      return Map.of("leakedMib", LEAKED.size() * mib);
    }
  }
}
