package demo.workflow;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stores {"status": "done", size, contentType, sha256} in the uploads table under bucket/key. */
public final class Record implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    Upload upload = Upload.from(input);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("status", "done");
    row.putAll((Map<String, Object>) input.get("result"));
    ctx.tables().put("uploads", upload.rowKey(), Json.write(row));
    ctx.logger().info("recorded " + upload.rowKey() + " " + row);
    return row;
  }
}
