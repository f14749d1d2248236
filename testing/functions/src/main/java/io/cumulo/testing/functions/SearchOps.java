package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.util.Map;

/**
 * One {@code ctx.search()} call: {"op":"index","id":..,"fields":{..}} | {"op":"delete","id":..} |
 * {"op":"search","q":..} on index {@code things} -> {"result": ...}.
 */
public final class SearchOps implements Handler<SearchOps.Call, Map<String, Object>> {
  public record Call(String op, String id, Map<String, String> fields, String q) {}

  @Override
  public Map<String, Object> handle(Call call, Context ctx) {
    return switch (call.op()) {
      case "index" -> {
        ctx.search().index("things", call.id(), call.fields());
        yield Map.of("result", true);
      }
      case "delete" -> Map.of("result", ctx.search().delete("things", call.id()));
      case "search" -> Map.of("result", ctx.search().search("things", call.q(), 10).stream().map(h -> h.id()).toList());
      default -> throw new IllegalArgumentException("unknown op " + call.op());
    };
  }
}
