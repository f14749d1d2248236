package hello;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/** Returns its input, with the invocation id, and logs what it received. */
public final class Echo implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    ctx.logger().info("echo " + input);
    Map<String, Object> result = new LinkedHashMap<>(input);
    result.put("invocationId", ctx.invocationId());
    return result;
  }
}
