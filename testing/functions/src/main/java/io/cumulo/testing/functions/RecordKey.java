package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.ObjectEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends "eventName key" for each S3 event to the file named by env RECORD_FILE and fsyncs it,
 * so a crash test can tell which object events were delivered.
 */
public final class RecordKey implements Handler<ObjectEvent, Void> {
  @Override
  public Void handle(ObjectEvent event, Context ctx) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (ObjectEvent.Record record : event.records()) {
      lines.append(record.eventName()).append(' ').append(record.s3().object().decodedKey()).append('\n');
    }
    try (FileChannel out = FileChannel.open(Path.of(ctx.env().get("RECORD_FILE")), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      out.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
      out.force(false);
    }
    return null;
  }
}
