package io.cumulo.examples.photos.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.TableChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the search index {@code photos} in step with the catalog: runs on every change of the
 * {@code photos} table and indexes the photo's file name, tags and caption, or removes it.
 */
public final class Indexer implements Handler<TableChange, Void> {
  /** The search index the indexer writes and {@code search} reads. */
  static final String INDEX = "photos";

  @Override
  public Void handle(TableChange change, Context ctx) {
    if (TableChange.REMOVE.equals(change.operation())) {
      ctx.search().delete(INDEX, change.key());
      return null;
    }
    Map<String, String> fields = fields(change.newImage());
    if (change.oldImage() != null && fields.equals(fields(change.oldImage()))) {
      return null;
    }
    ctx.search().index(INDEX, change.key(), fields);
    return null;
  }

  /**
   * The searchable text of a photo: its file name as written and split into words (so
   * {@code beach_sunset.jpg} is found by {@code sunset}), its tags and its caption; empty ones
   * are left out.
   */
  static Map<String, String> fields(Map<String, Object> photo) {
    String name = PhotoKeys.fileName(String.valueOf(photo.get("key")));
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", name);
    putIfNotBlank(fields, "words", name.replaceAll("[._\\-]+", " "));
    if (photo.get("tags") instanceof List<?> tags) {
      putIfNotBlank(fields, "tags", String.join(" ", tags.stream().map(String::valueOf).toList()));
    }
    if (photo.get("caption") != null) {
      putIfNotBlank(fields, "caption", String.valueOf(photo.get("caption")));
    }
    return fields;
  }

  private static void putIfNotBlank(Map<String, String> fields, String name, String value) {
    if (!value.isBlank()) {
      fields.put(name, value.strip());
    }
  }
}
