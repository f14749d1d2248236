package demo.photoflow;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.RenderedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thumbnails branch: 256, 512 and 1024 px JPEGs (and WebPs when the engine writes WebP) in
 * photos-flow-derived under {@code key/}. Returns {"sizes": {name: key}}, named like the objects: "256.jpg", "1024.webp".
 */
public final class Thumbnails implements Handler<Map<String, Object>, Map<String, Object>> {
  /** The longest side of each thumbnail, in pixels. */
  static final List<Integer> SIZES_PX = List.of(256, 512, 1024);

  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    Photo photo = Photo.from(input);
    List<ImageFormat> formats = ctx.images().canWrite(ImageFormat.WEBP)
        ? List.of(ImageFormat.JPEG, ImageFormat.WEBP) : List.of(ImageFormat.JPEG);
    List<ImageVariant> variants = new ArrayList<>();
    for (ImageFormat format : formats) {
      for (int size : SIZES_PX) {
        variants.add(ImageVariant.fit(size + "." + format.extension(), size, format));
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("sizes", Derivatives.store(ctx, photo, variants, RenderedImage::name));
    ctx.logger().info("thumbnails of " + photo.key() + ": " + result.get("sizes"));
    return result;
  }
}
