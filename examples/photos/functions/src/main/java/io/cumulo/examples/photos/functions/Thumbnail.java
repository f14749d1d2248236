package io.cumulo.examples.photos.functions;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.ObjectEvent;
import io.cumulo.api.ObjectMetadata;
import io.cumulo.api.ObjectStorageException;
import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs on every object created in the uploads bucket: records the photo as {@code processing},
 * renders its thumbnails (sizes from {@code SIZES}, default 256, 512 and 1024 px; JPEG, plus WebP
 * when the engine writes it) into the derived bucket as {@code ID/SIZE.jpg|webp}, records it as
 * {@code ready} with its dimensions, and queues the automatic filters ({@code FILTERS}) for the
 * {@code filter} function. A bad image ends the photo as {@code failed} with the engine's reason;
 * storage or catalog failures are thrown, so the platform retries the event.
 */
public final class Thumbnail implements Handler<ObjectEvent, Void> {

  @Override
  public Void handle(ObjectEvent event, Context ctx) {
    List<Integer> sizes = Settings.sizes(ctx.env());
    List<String> filters = Settings.automaticFilters(ctx.env());
    for (ObjectEvent.Record record : event.records()) {
      if (record.eventName().startsWith("ObjectCreated")) {
        process(record.s3().object().decodedKey(), sizes, filters, ctx);
      }
    }
    return null;
  }

  private void process(String key, List<Integer> sizes, List<String> filters, Context ctx) {
    String id = PhotoKeys.idOf(key);
    CatalogClient catalog = new CatalogClient(ctx.services());
    Optional<ObjectMetadata> original = ctx.objects().head(PhotoKeys.UPLOADS, key);
    if (original.isEmpty()) {
      // An earlier attempt, cut off (a crash) after writing thumbnails, may have left some that
      // the photo's delete swept before they were written.
      int left = Delete.deleteDerived(id, ctx);
      ctx.logger().info(key + " is gone (deleted before it was processed)"
          + (left == 0 ? "; nothing to do" : "; removed " + left + " images an earlier attempt left"));
      return;
    }
    long bytes = original.get().size();
    catalog.report(id, state(key, "processing", null, bytes, original.get().contentType()));
    if (bytes > PhotoKeys.MAX_UPLOAD_BYTES) {
      fail(catalog, id, key, bytes, original.get().contentType(), "the file has " + bytes
          + " bytes; the most a photo may have is " + PhotoKeys.MAX_UPLOAD_BYTES + " (100 MiB)", ctx);
      return;
    }
    byte[] image;
    try {
      image = ctx.objects().get(PhotoKeys.UPLOADS, key);
    } catch (ObjectStorageException e) {
      if (e.code().equals("NoSuchKey")) {
        ctx.logger().info(key + " was deleted while it was being processed");
        return;
      }
      throw e;
    }
    Images images = ctx.images();
    try {
      long renderStart = System.nanoTime();
      ImageInfo info = images.probe(image);
      List<RenderedImage> rendered = images.render(image, variants(sizes, images.canWrite(ImageFormat.WEBP)));
      // Logged so the end-to-end benchmark can tell the image work from the pipeline around it.
      double renderMillis = (System.nanoTime() - renderStart) / 1e6;
      for (RenderedImage output : rendered) {
        ctx.objects().put(PhotoKeys.DERIVED, id + "/" + output.name(), output.data(), output.format().contentType());
      }
      if (ctx.objects().head(PhotoKeys.UPLOADS, key).isEmpty()) {
        ctx.logger().info(key + " was deleted while it was being processed; removing its thumbnails");
        rendered.forEach(output -> ctx.objects().delete(PhotoKeys.DERIVED, id + "/" + output.name()));
        return;
      }
      Map<String, Object> ready = state(key, "ready", null, bytes, info.format().contentType());
      ready.put("width", info.width());
      ready.put("height", info.height());
      ready.put("takenAt", info.takenAt() == null ? null : info.takenAt().toString());
      ready.put("thumbnails", sizes);
      catalog.report(id, ready);
      ctx.logger().info(key + " -> " + rendered.size() + " thumbnails of " + info.width() + "x"
          + info.height() + " " + info.format().id() + " with " + images.engine()
          + String.format(java.util.Locale.ROOT, " in %.1f ms", renderMillis));
    } catch (ImageException e) {
      fail(catalog, id, key, bytes, original.get().contentType(), e.getMessage(), ctx);
      return;
    }
    if (!filters.isEmpty()) {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("id", id);
      request.put("filters", filters);
      ctx.functions().invokeAsync("filter", request);
    }
  }

  /** Every size as JPEG, and as WebP too when the engine can write it; named {@code SIZE.EXT}. */
  static List<ImageVariant> variants(List<Integer> sizes, boolean webp) {
    List<ImageVariant> variants = new ArrayList<>();
    for (int size : sizes) {
      variants.add(ImageVariant.fit(size + "." + ImageFormat.JPEG.extension(), size, ImageFormat.JPEG));
      if (webp) {
        variants.add(ImageVariant.fit(size + "." + ImageFormat.WEBP.extension(), size, ImageFormat.WEBP));
      }
    }
    return variants;
  }

  private static void fail(CatalogClient catalog, String id, String key, long bytes, String contentType,
      String reason, Context ctx) {
    ctx.logger().warn(key + " cannot be processed: " + reason);
    catalog.report(id, state(key, "failed", reason, bytes, contentType));
  }

  private static Map<String, Object> state(String key, String status, String error, long bytes, String contentType) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("key", key);
    state.put("status", status);
    state.put("error", error);
    state.put("bytes", bytes);
    state.put("contentType", contentType);
    return state;
  }
}
