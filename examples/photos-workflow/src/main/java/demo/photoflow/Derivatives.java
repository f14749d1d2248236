package demo.photoflow;

import io.cumulo.api.Context;
import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.RenderedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Renders variants of an uploaded photo and stores each in the derived bucket under the photo's key. */
final class Derivatives {
  private Derivatives() {}

  /**
   * Renders {@code variants} of {@code photo} and stores each as {@code key/} + {@code path} of it.
   *
   * @param path the object name of a rendered image below the photo's key, e.g. "filters/sepia.jpg"
   * @return the stored keys by variant name, in the order of {@code variants}
   * @throws RuntimeException an {@link ImageErrors} error when the engine refuses the photo
   */
  static Map<String, Object> store(Context ctx, Photo photo, List<ImageVariant> variants,
      Function<RenderedImage, String> path) {
    byte[] original = ctx.objects().get(photo.bucket(), photo.key());
    List<RenderedImage> rendered;
    try {
      rendered = ctx.images().render(original, variants);
    } catch (ImageException e) {
      throw ImageErrors.named(photo, e);
    }
    Map<String, Object> keys = new LinkedHashMap<>();
    for (RenderedImage image : rendered) {
      String key = photo.key() + "/" + path.apply(image);
      ctx.objects().put(Photo.DERIVED_BUCKET, key, image.data(), image.format().contentType());
      keys.put(image.name(), key);
    }
    return keys;
  }
}
