package io.cumulo.examples.photos.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.TableChange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the people watching: on every change of the {@code photos} table, publishes the photo (its
 * status, reason, thumbnail and filter URLs...) on the channel {@code status}, which the gallery
 * follows through {@code GET /api/events}. A removed photo is announced as
 * {@code {"id": ..., "status": "deleted"}}.
 */
public final class Notify implements Handler<TableChange, Void> {
  /** The channel that {@code GET /api/events} streams. */
  static final String CHANNEL = "status";

  @Override
  public Void handle(TableChange change, Context ctx) {
    ctx.publish(CHANNEL, Json.write(message(change)));
    return null;
  }

  static Map<String, Object> message(TableChange change) {
    if (TableChange.REMOVE.equals(change.operation()) || change.newImage() == null) {
      Map<String, Object> removed = new LinkedHashMap<>();
      removed.put("id", change.key());
      removed.put("status", "deleted");
      return removed;
    }
    return change.newImage();
  }
}
