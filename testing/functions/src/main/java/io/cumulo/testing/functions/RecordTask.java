package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A workflow task that a crash test can count: sleeps {"sleepMillis": n} (default 0), appends
 * "invocationId tag" to the file named by env RECORD_FILE and fsyncs it, then returns
 * {"tag": tag, "double": 2 * value}.
 */
public final class RecordTask implements Handler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) throws IOException, InterruptedException {
    Thread.sleep(((Number) input.getOrDefault("sleepMillis", 0)).longValue());
    String tag = String.valueOf(input.getOrDefault("tag", ""));
    String line = ctx.invocationId() + " " + tag + "\n";
    try (FileChannel out = FileChannel.open(Path.of(ctx.env().get("RECORD_FILE")), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      out.force(false);
    }
    return Map.of("tag", tag, "double", 2 * ((Number) input.getOrDefault("value", 0)).longValue());
  }
}
