package io.cumulo.testing.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.ObjectEvent;
import java.nio.charset.StandardCharsets;

/**
 * For each S3 event, logs "EVENTNAME bucket/key size" and writes the object
 * "{env MARK_BUCKET}/seen/{key}" whose content is the event name: proof that the bucket trigger
 * fired and that ctx.objects() works.
 */
public final class MarkObject implements Handler<ObjectEvent, Void> {
  @Override
  public Void handle(ObjectEvent event, Context ctx) {
    for (ObjectEvent.Record record : event.records()) {
      String key = record.s3().object().decodedKey();
      ctx.logger().info(record.eventName() + " " + record.s3().bucket().name() + "/" + key + " "
          + record.s3().object().size());
      ctx.objects().put(ctx.env().get("MARK_BUCKET"), "seen/" + key,
          record.eventName().getBytes(StandardCharsets.UTF_8), "text/plain");
    }
    return null;
  }
}
