package demo.photoflow;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * After both branches succeeded: stores {"key", "status": "ready", "sizes", "filters"} in the
 * photos table under the upload's key. The workflow passes the branches' results as "result".
 */
public final class Record implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    Photo photo = Photo.from(input);
    Map<String, Object> result = (Map<String, Object>) input.getOrDefault("result", Map.of());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("key", photo.key());
    row.put("status", "ready");
    row.put("sizes", result.getOrDefault("sizes", Map.of()));
    row.put("filters", result.getOrDefault("filters", Map.of()));
    ctx.tables().put(Photo.TABLE, photo.key(), Json.write(row));
    ctx.logger().info("recorded " + photo.key() + " ready");
    return row;
  }
}
