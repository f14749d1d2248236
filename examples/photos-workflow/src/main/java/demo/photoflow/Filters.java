package demo.photoflow;

import io.cumulo.api.Context;
import io.cumulo.api.Handler;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import java.util.List;
import java.util.Map;

/**
 * The filters branch: grayscale, sepia and vivid versions, 1024 px JPEG, in photos-flow-derived
 * under {@code key/filters/NAME.jpg}. Returns {"filters": {name: key}}.
 */
public final class Filters implements Handler<Map<String, Object>, Map<String, Object>> {
  /** The filters this pipeline applies; {@code Images.FILTERS} lists what the engine offers. */
  static final List<String> FILTERS = List.of("grayscale", "sepia", "vivid");
  static final int SIZE_PX = 1024;

  @Override
  public Map<String, Object> handle(Map<String, Object> input, Context ctx) {
    Photo photo = Photo.from(input);
    List<ImageVariant> variants = FILTERS.stream()
        .map(filter -> ImageVariant.filtered(filter, SIZE_PX, ImageFormat.JPEG, filter))
        .toList();
    Map<String, Object> filters = Derivatives.store(ctx, photo, variants,
        image -> "filters/" + image.name() + "." + image.format().extension());
    ctx.logger().info("filters of " + photo.key() + ": " + filters);
    return Map.of("filters", filters);
  }
}
