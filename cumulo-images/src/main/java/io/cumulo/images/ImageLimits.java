package io.cumulo.images;

/**
 * The bounds every image engine enforces before decoding.
 *
 * @param maxPixels the largest image accepted, in pixels (width x height); default 100 MP
 * @param maxInputBytes the largest encoded file accepted, in bytes; default 100 MiB
 */
public record ImageLimits(long maxPixels, long maxInputBytes) {
  public ImageLimits {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, was " + maxPixels);
    }
    if (maxInputBytes < 1) {
      throw new IllegalArgumentException("maxInputBytes must be >= 1, was " + maxInputBytes);
    }
  }

  /** 100 MP and 100 MiB. */
  public static ImageLimits defaults() {
    return new ImageLimits(100_000_000L, 100L * 1024 * 1024);
  }
}
