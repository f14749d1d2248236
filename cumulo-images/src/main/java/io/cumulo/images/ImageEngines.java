package io.cumulo.images;

import io.cumulo.api.images.Images;
import io.cumulo.images.vips.VipsImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the image engine the platform uses, from the {@code CUMULO_IMAGE_ENGINE} setting. */
public final class ImageEngines {
  private static final Logger LOG = LoggerFactory.getLogger(ImageEngines.class);

  private ImageEngines() {}

  /**
   * The engine to use.
   *
   * @param limits the limits every image is checked against
   * @param preference the value of {@code CUMULO_IMAGE_ENGINE}: {@code java} forces the pure-Java
   *     engine; null, blank or {@code auto} picks the best engine available
   * @throws IllegalArgumentException for any other preference
   */
  public static Images create(ImageLimits limits, String preference) {
    Objects.requireNonNull(limits, "limits");
    String choice = preference == null || preference.isBlank()
        ? "auto" : preference.trim().toLowerCase(Locale.ROOT);
    Images engine = switch (choice) {
      case "java" -> new JavaImages(limits);
      case "auto" -> best(limits);
      default -> throw new IllegalArgumentException(
          "CUMULO_IMAGE_ENGINE must be auto or java, was '" + preference + "'");
    };
    LOG.info("Image engine: {} (CUMULO_IMAGE_ENGINE={})", engine.engine(), choice);
    return engine;
  }

  /** Every engine that can run on this machine, for tests that hold them all to one contract. */
  public static List<Images> available(ImageLimits limits) {
    Objects.requireNonNull(limits, "limits");
    List<Images> all = new ArrayList<>();
    all.add(new JavaImages(limits));
    VipsImages.load(limits).ifPresent(all::add);
    return all;
  }

  /** libvips when it can be loaded (it logs why not), else the pure-Java engine. */
  private static Images best(ImageLimits limits) {
    return VipsImages.load(limits).<Images>map(vips -> vips).orElseGet(() -> new JavaImages(limits));
  }
}
