package demo.photoflow;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workflow's Catch: stores {"key", "status": "failed", "error", "cause"} in the photos table,
 * from the error output the Catch put at "error" ({"Error", "Cause"}).
 */
public final class MarkFailed implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    Photo photo = Photo.from(input);
    Map<String, Object> failure = (Map<String, Object>) input.getOrDefault("error", Map.of());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("key", photo.key());
    row.put("status", "failed");
    row.put("error", String.valueOf(failure.get("Error")));
    row.put("cause", String.valueOf(failure.get("Cause")));
    ctx.tables().put(Photo.TABLE, photo.key(), Json.write(row));
    ctx.logger().info("marked " + photo.key() + " failed: " + row.get("error"));
    return row;
  }
}
