package io.cumulo.api.images;

import java.util.Objects;

/**
 * One output of {@link Images#render}: the image scaled to fit within a square, optionally
 * filtered, in a format.
 *
 * @param name the caller's name for this output (e.g. {@code 256} or {@code sepia}); unique per call
 * @param maxSize the output fits within {@code maxSize x maxSize} pixels, keeping the aspect ratio;
 *     an image already smaller is never enlarged. 1..16384
 * @param format the output format; must be one the engine {@linkplain Images#canWrite can write}
 * @param filter one of {@link Images#FILTERS}, or null for none
 * @param quality the lossy encoder's quality 1..100 (ignored by PNG); {@value #DEFAULT_QUALITY}
 *     is a good default
 */
public record ImageVariant(String name, int maxSize, ImageFormat format, String filter, int quality) {
  /** The quality thumbnails are usually saved at. */
  public static final int DEFAULT_QUALITY = 82;
  /** The largest {@code maxSize}. */
  public static final int MAX_SIZE = 16_384;

  public ImageVariant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    if (maxSize < 1 || maxSize > MAX_SIZE) {
      throw new IllegalArgumentException("maxSize must be 1.." + MAX_SIZE + ", was " + maxSize);
    }
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("quality must be 1..100, was " + quality);
    }
    if (filter != null && !Images.FILTERS.contains(filter)) {
      throw new IllegalArgumentException("unknown filter '" + filter + "'; known: " + Images.FILTERS);
    }
  }

  /** A plain thumbnail at the default quality. */
  public static ImageVariant fit(String name, int maxSize, ImageFormat format) {
    return new ImageVariant(name, maxSize, format, null, DEFAULT_QUALITY);
  }

  /** A filtered image at the default quality. */
  public static ImageVariant filtered(String name, int maxSize, ImageFormat format, String filter) {
    return new ImageVariant(name, maxSize, format, filter, DEFAULT_QUALITY);
  }
}
