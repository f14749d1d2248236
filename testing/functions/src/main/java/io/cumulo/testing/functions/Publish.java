package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes {@code count} events {@code {"from":"function","n":i}} (i = 1..count) to the channel
 * named in the input's {@code channel}, and returns their ids in order: proof that
 * {@code ctx.publish} reaches the gateway's event streams.
 */
public final class Publish implements Handler<Map<String, Object>, List<String>> {
  @Override
  public List<String> handle(Map<String, Object> input, Context ctx) {
    String channel = (String) input.get("channel");
    int count = ((Number) input.getOrDefault("count", 1)).intValue();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(ctx.publish(channel, "{\"from\":\"function\",\"n\":" + i + "}"));
    }
    return ids;
  }
}
