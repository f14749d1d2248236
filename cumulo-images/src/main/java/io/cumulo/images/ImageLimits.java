package io.cumulo.images;

/**
 * The bounds every image is checked against before its pixels are decoded, so that a hostile or
 * oversized upload fails fast with {@code ImageTooLarge} instead of exhausting the heap.
 *
 * @param maxPixels the most pixels (width x height) an image may have; default
 *     {@value #DEFAULT_MAX_PIXELS} (100 MP, a 12 000 x 8 000 photo fits)
 * @param maxInputBytes the largest encoded image accepted, in bytes; default
 *     {@value #DEFAULT_MAX_INPUT_BYTES} (100 MiB)
 */
public record ImageLimits(long maxPixels, long maxInputBytes) {
  /** The default {@link #maxPixels()}: 100 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  /** The default {@link #maxInputBytes()}: 100 MiB. */
  public static final long DEFAULT_MAX_INPUT_BYTES = 100L * 1024 * 1024;

  public ImageLimits {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, was " + maxPixels);
    }
    if (maxInputBytes < 1 || maxInputBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxInputBytes must be 1.." + Integer.MAX_VALUE + ", was " + maxInputBytes);
    }
  }

  /** The defaults: 100 MP and 100 MiB. */
  public static ImageLimits defaults() {
    return new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_INPUT_BYTES);
  }
}
