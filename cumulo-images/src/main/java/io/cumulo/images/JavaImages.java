package io.cumulo.images;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The pure-Java engine: ImageIO with the TwelveMonkeys plugins. It decodes with source
 * subsampling (memory bounded by the output, not the photo), shrinks by exact halving then one
 * bilinear step, turns the image upright, converts it to sRGB and writes JPEG or PNG without
 * metadata. Thread-safe; every call uses its own readers and writers.
 */
public final class JavaImages implements Images {
  static {
    // Decode from memory only: no temporary files in the server's working directory.
    ImageIO.setUseCache(false);
    // ImageIO finds plugins through the thread's context class loader when it is first used. In
    // the server that may be a function's class loader, which cannot see TwelveMonkeys (CMYK
    // JPEGs would then fail), so register the plugins from this engine's own loader now.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(JavaImages.class.getClassLoader());
    try {
      ImageIO.scanForPlugins();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private final ImageHeaders headers;

  public JavaImages(ImageLimits limits) {
    this.headers = new ImageHeaders(Objects.requireNonNull(limits, "limits"));
  }

  @Override
  public String engine() {
    return "java";
  }

  @Override
  public boolean canWrite(ImageFormat format) {
    return ImageEncoder.canWrite(Objects.requireNonNull(format, "format"));
  }

  @Override
  public ImageInfo probe(byte[] image) {
    return headers.probe(image);
  }

  @Override
  public List<RenderedImage> render(byte[] image, List<ImageVariant> variants) {
    Objects.requireNonNull(variants, "variants");
    checkVariants(variants);
    ImageInfo info = headers.probe(image);
    if (variants.isEmpty()) {
      return List.of();
    }
    int largest = variants.stream().mapToInt(ImageVariant::maxSize).max().orElseThrow();
    BufferedImage decoded = ImageDecoder.decode(image, info, subsampling(info, largest));
    Map<Integer, BufferedImage> bases = bases(decoded, info, variants);
    List<RenderedImage> out = new ArrayList<>(variants.size());
    for (ImageVariant variant : variants) {
      BufferedImage base = bases.get(variant.maxSize());
      BufferedImage ready = variant.format() == ImageFormat.JPEG
          ? Rasters.flattenOnWhite(base)
          : Rasters.convert(base, Rasters.hasAlpha(base)
              ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
      if (variant.filter() != null) {
        ready = Filters.apply(variant.filter(), ready);
      }
      byte[] data = ImageEncoder.encode(ready, variant.format(), variant.quality());
      out.add(new RenderedImage(variant.name(), variant.format(), ready.getWidth(),
          ready.getHeight(), data));
    }
    return out;
  }

  private void checkVariants(List<ImageVariant> variants) {
    Set<String> names = new HashSet<>();
    for (ImageVariant variant : variants) {
      Objects.requireNonNull(variant, "variant");
      if (!names.add(variant.name())) {
        throw new IllegalArgumentException("variant name '" + variant.name() + "' is used twice");
      }
      if (!canWrite(variant.format())) {
        throw new ImageException(ImageException.UNSUPPORTED, "the " + engine()
            + " image engine cannot write " + variant.format().id() + "; it writes jpeg and png");
      }
    }
  }

  /**
   * The subsampling factor that keeps the decoded image at least twice the largest output, so
   * that at least one averaging halving step follows and point sampling does not alias.
   */
  private static int subsampling(ImageInfo info, int largest) {
    int longest = Math.max(info.width(), info.height());
    return Math.max(1, longest / (2 * largest));
  }

  /**
   * The upright, unfiltered image at each requested size, each derived from the next larger one
   * so that the decoded image is scaled down once in total.
   */
  private static Map<Integer, BufferedImage> bases(BufferedImage decoded, ImageInfo info,
      List<ImageVariant> variants) {
    int[] sizes = variants.stream().mapToInt(ImageVariant::maxSize).distinct()
        .map(size -> -size).sorted().map(size -> -size).toArray();
    Map<Integer, BufferedImage> bases = new HashMap<>();
    boolean turned = info.orientation() >= 5;
    BufferedImage current = decoded;
    boolean upright = false;
    for (int size : sizes) {
      double scale = Math.min(1.0, (double) size / Math.max(info.width(), info.height()));
      int width = Math.max(1, (int) Math.round(info.width() * scale));
      int height = Math.max(1, (int) Math.round(info.height() * scale));
      if (upright) {
        current = Downscaler.scale(current, width, height);
      } else {
        // Scale before turning: turning the smaller image is cheaper.
        current = Downscaler.scale(current, turned ? height : width, turned ? width : height);
        current = Orientation.upright(current, info.orientation());
        upright = true;
      }
      bases.put(size, current);
    }
    return bases;
  }
}
