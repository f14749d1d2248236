package io.cumulo.images.vips;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import io.cumulo.images.ImageHeaders;
import io.cumulo.images.ImageLimits;
import io.cumulo.images.vips.Vips.Strings;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libvips image engine, through Cumulo's own FFM binding. Decodes with shrink-on-load (a 12 MP
 * JPEG asked for at 1024 pixels is decoded at 1/2 or 1/4 scale), once per render; smaller outputs
 * are resized from the larger. Thread-safe: each call keeps its native state in its own
 * {@link VipsScope}.
 */
public final class VipsImages implements Images {
  private static final Logger LOG = LoggerFactory.getLogger(VipsImages.class);
  private static final Set<ImageFormat> WRITABLE =
      EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.WEBP);

  private final Vips vips;
  private final ImageHeaders headers;

  private VipsImages(Vips vips, ImageLimits limits) {
    this.vips = vips;
    this.headers = new ImageHeaders(limits);
  }

  /**
   * The libvips engine, or empty (with the reason logged at INFO) when libvips is not installed or
   * cannot be used; callers then fall back to the Java engine.
   */
  public static Optional<VipsImages> load(ImageLimits limits) {
    Objects.requireNonNull(limits, "limits");
    return Library.vips().map(vips -> new VipsImages(vips, limits));
  }

  @Override
  public String engine() {
    return "libvips " + vips.version();
  }

  @Override
  public boolean canWrite(ImageFormat format) {
    return WRITABLE.contains(format);
  }

  /**
   * Reads the header in Java ({@link ImageHeaders}), as the Java engine does: the same answers and
   * limit messages from both engines, and no native code touches a file that is over the limits.
   */
  @Override
  public ImageInfo probe(byte[] image) {
    return headers.probe(image);
  }

  @Override
  public List<RenderedImage> render(byte[] image, List<ImageVariant> variants) {
    checkVariants(variants);
    // Limits and format first, from the header alone; libvips then opens only what passed.
    headers.probe(image);
    try (VipsScope scope = new VipsScope(vips)) {
      MemorySegment file = scope.copyIn(image);
      MemorySegment header = scope.header(file);
      Map<Integer, MemorySegment> bySize =
          scaled(scope, file, scope.hasField(header, Strings.ICC_PROFILE), variants);
      List<RenderedImage> out = new ArrayList<>(variants.size());
      for (ImageVariant variant : variants) {
        out.add(encode(scope, bySize.get(variant.maxSize()), variant));
      }
      return out;
    }
  }

  /** Bytes libvips holds for pixel buffers right now (tests use it to prove nothing leaks). */
  long trackedMemoryBytes() {
    return vips.trackedMemoryBytes();
  }

  /**
   * One upright 8-bit sRGB image per requested size: the largest from the file (decoded once), each
   * smaller one resized from the next larger, all computed into memory so no output re-decodes.
   */
  private static Map<Integer, MemorySegment> scaled(VipsScope scope, MemorySegment file,
      boolean hasProfile, List<ImageVariant> variants) {
    List<Integer> largestFirst = variants.stream().map(ImageVariant::maxSize).distinct()
        .sorted(Comparator.reverseOrder()).toList();
    Map<Integer, MemorySegment> bySize = new HashMap<>();
    MemorySegment larger = null;
    for (int size : largestFirst) {
      MemorySegment image;
      if (larger == null) {
        image = scope.materialize(scope.srgb(scope.thumbnail(file, size, hasProfile)));
      } else {
        int longSide = Math.max(scope.width(larger), scope.height(larger));
        image = longSide <= size
            ? larger
            : scope.materialize(scope.resize(larger, (double) size / longSide));
      }
      bySize.put(size, image);
      larger = image;
    }
    return bySize;
  }

  private static RenderedImage encode(VipsScope scope, MemorySegment sized, ImageVariant variant) {
    MemorySegment image = variant.filter() == null ? sized : VipsFilters.apply(scope, sized, variant.filter());
    if (variant.format() == ImageFormat.JPEG && scope.hasAlpha(image)) {
      image = scope.castUchar(scope.flattenOnWhite(image));
    }
    byte[] data = scope.save(image, variant.format(), variant.quality());
    return new RenderedImage(variant.name(), variant.format(), scope.width(image),
        scope.height(image), data);
  }

  private void checkVariants(List<ImageVariant> variants) {
    Objects.requireNonNull(variants, "variants");
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("variants must not be empty");
    }
    Set<String> names = new HashSet<>();
    for (ImageVariant variant : variants) {
      Objects.requireNonNull(variant, "variant");
      if (!names.add(variant.name())) {
        throw new IllegalArgumentException("variant name '" + variant.name() + "' is used twice");
      }
      if (!canWrite(variant.format())) {
        throw new ImageException(ImageException.UNSUPPORTED, "the libvips engine cannot write "
            + variant.format().id() + "; it writes " + WRITABLE);
      }
    }
  }

  /** libvips is initialised once per process; a failure is remembered, not retried. */
  private static final class Library {
    private static final Optional<Vips> VIPS = open();

    static Optional<Vips> vips() {
      return VIPS;
    }

    private static Optional<Vips> open() {
      try {
        Vips vips = Vips.load();
        LOG.info("libvips {} loaded", vips.version());
        return Optional.of(vips);
      } catch (RuntimeException | LinkageError e) {
        LOG.info("libvips engine unavailable, using the Java engine: {}", e.getMessage());
        return Optional.empty();
      }
    }
  }
}
