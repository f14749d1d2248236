package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;

/** Returns its input unchanged and logs one line. */
public final class Echo implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    ctx.logger().info("echo " + input);
    return input;
  }
}
