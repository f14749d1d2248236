package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.ObjectStorageException;
import java.util.Map;

/** Tries to read {"bucket","key"} and returns {"code": error code} or {"bytes": n}. */
public final class ReadOtherBucket implements Handler<Map<String, String>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, String> input, Context ctx) {
    try {
      return Map.of("bytes", ctx.objects().get(input.get("bucket"), input.get("key")).length);
    } catch (ObjectStorageException e) {
      return Map.of("code", e.code());
    }
  }
}
