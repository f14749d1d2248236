package demo.workflow;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/** The workflow's Catch: stores {"status": "failed", "error", "cause"} in the uploads table. */
public final class MarkFailed implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    Upload upload = Upload.from(input);
    Map<String, Object> failure = (Map<String, Object>) input.getOrDefault("failure", Map.of());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("status", "failed");
    row.put("error", String.valueOf(failure.get("Error")));
    row.put("cause", String.valueOf(failure.get("Cause")));
    ctx.tables().put("uploads", upload.rowKey(), Json.write(row));
    ctx.logger().info("marked " + upload.rowKey() + " failed: " + row.get("error"));
    return row;
  }
}
