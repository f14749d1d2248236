package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.tables.TablePage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code ctx.tables()} call per invocation: {"op":"insert|put|get|delete|list","table":..,
 * "key":..,"json":..,"after":..,"limit":..} -> {"result": ...}.
 */
public final class TableOps implements Handler<TableOps.Call, Map<String, Object>> {
  public record Call(String op, String table, String key, String json, String after, Integer limit) {}

  @Override
  public Map<String, Object> handle(Call call, Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (call.op()) {
      case "insert" -> out.put("result", ctx.tables().insert(call.table(), call.key(), call.json()));
      case "put" -> {
        ctx.tables().put(call.table(), call.key(), call.json());
        out.put("result", true);
      }
      case "get" -> out.put("result", ctx.tables().get(call.table(), call.key()).orElse(null));
      case "delete" -> out.put("result", ctx.tables().delete(call.table(), call.key()));
      case "list" -> {
        TablePage page = ctx.tables().list(call.table(), call.after(), call.limit() == null ? 100 : call.limit());
        out.put("keys", page.rows().stream().map(r -> r.key()).toList());
        out.put("values", page.rows().stream().map(r -> r.json()).toList());
        out.put("nextKey", page.nextKey());
      }
      default -> throw new IllegalArgumentException("unknown op " + call.op());
    }
    return out;
  }
}
