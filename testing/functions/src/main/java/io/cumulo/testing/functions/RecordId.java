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
 * Sleeps {"sleepMillis": n} (default 0), then appends "invocationId input.tag" as a line to the
 * file named by env RECORD_FILE and fsyncs it, so a crash test can tell which events were handled.
 */
public final class RecordId implements Handler<Map<String, Object>, Void> {
  @Override
  public Void handle(Map<String, Object> input, Context ctx) throws IOException, InterruptedException {
    Thread.sleep(((Number) input.getOrDefault("sleepMillis", 0)).longValue());
    String line = ctx.invocationId() + " " + input.getOrDefault("tag", "") + "\n";
    Path file = Path.of(ctx.env().get("RECORD_FILE"));
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      out.force(false);
    }
    return null;
  }
}
