package io.cumulo.images.vips;

import io.cumulo.api.images.Images;
import java.lang.foreign.MemorySegment;

/**
 * The preset looks of {@link Images#FILTERS}, built from libvips operations on an 8-bit sRGB image
 * (alpha, when present, is set aside and put back unchanged). Every constant is the one the Java
 * engine ({@code io.cumulo.images.Filters}) uses, so a user sees the same look from both engines.
 */
final class VipsFilters {
  /** Rec. 601 luma weights. */
  private static final double[] LUMA = {0.299, 0.587, 0.114};
  private static final double[][] GRAYSCALE = {LUMA, LUMA, LUMA};
  /** The common sepia matrix. */
  private static final double[][] SEPIA = {
      {0.393, 0.769, 0.189},
      {0.349, 0.686, 0.168},
      {0.272, 0.534, 0.131}};
  /** Vivid: saturation x1.4 around each pixel's luma, then contrast x1.1 around mid-grey. */
  private static final double[][] VIVID = saturation(1.4);
  private static final double VIVID_CONTRAST = 1.1;
  /** Vintage: a third of sepia, lifted blacks and softened whites, warmer, darker corners. */
  private static final double[][] VINTAGE_SEPIA = mix(SEPIA, 0.35);
  private static final double[] VINTAGE_GAIN = {0.84 * 1.06, 0.84, 0.84 * 0.88};
  private static final double[] VINTAGE_LIFT = {24 * 1.06, 24, 24 * 0.88};
  /** How much the vignette darkens the corners (0.35 = to 65%). */
  private static final double VIGNETTE_STRENGTH = 0.35;
  /** Blur sigma: the long side / 200, within 1..30 pixels, so every size looks equally soft. */
  private static final double BLUR_SIGMA_PER_PIXEL = 1.0 / 200;
  private static final double MAX_BLUR_SIGMA = 30;
  /** Sharpen: unsharp mask adding back 1.2 x the difference from a blur of sigma long side / 1000, 1..3. */
  private static final double SHARPEN_AMOUNT = 1.2;
  private static final double SHARPEN_SIGMA_PER_PIXEL = 1.0 / 1000;
  private static final double MAX_SHARPEN_SIGMA = 3;

  private VipsFilters() {}

  static MemorySegment apply(VipsScope scope, MemorySegment image, String filter) {
    boolean alpha = scope.bandCount(image) == 4;
    MemorySegment colour = alpha ? scope.bands(image, 0, 3) : image;
    int longSide = Math.max(scope.width(colour), scope.height(colour));
    MemorySegment filtered = scope.castUchar(switch (filter) {
      case "grayscale" -> scope.recomb(colour, GRAYSCALE);
      case "sepia" -> scope.recomb(colour, SEPIA);
      case "vivid" -> scope.linear(scope.recomb(colour, VIVID), new double[] {VIVID_CONTRAST},
          new double[] {128 * (1 - VIVID_CONTRAST)});
      case "blur" -> scope.gaussianBlur(colour,
          Math.clamp(longSide * BLUR_SIGMA_PER_PIXEL, 1.0, MAX_BLUR_SIGMA));
      case "sharpen" -> sharpen(scope, colour, longSide);
      case "vintage" -> vintage(scope, colour);
      default -> throw new IllegalArgumentException("unknown filter '" + filter + "'");
    });
    return alpha ? scope.join(filtered, scope.band(image, 3)) : filtered;
  }

  /** {@code in + amount * (in - blur(in))}, i.e. {@code (1 + amount) * in - amount * blur(in)}. */
  private static MemorySegment sharpen(VipsScope scope, MemorySegment image, int longSide) {
    double sigma = Math.clamp(longSide * SHARPEN_SIGMA_PER_PIXEL, 1.0, MAX_SHARPEN_SIGMA);
    MemorySegment blurred = scope.gaussianBlur(image, sigma);
    return scope.add(scope.linear(image, new double[] {1 + SHARPEN_AMOUNT}, new double[] {0}),
        scope.linear(blurred, new double[] {-SHARPEN_AMOUNT}, new double[] {0}));
  }

  private static MemorySegment vintage(VipsScope scope, MemorySegment image) {
    // The Java engine clips after its sepia step, so this does too.
    MemorySegment toned = scope.castUchar(scope.recomb(image, VINTAGE_SEPIA));
    MemorySegment faded = scope.linear(toned, VINTAGE_GAIN, VINTAGE_LIFT);
    return scope.multiply(faded, vignette(scope, scope.width(image), scope.height(image)));
  }

  /**
   * A one-band gain: {@code 1 - strength * d² / reach}, with {@code d} the distance from the centre
   * and {@code reach} the centre-to-corner distance squared (so the corners get {@code 1 - strength}).
   */
  private static MemorySegment vignette(VipsScope scope, int width, int height) {
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    double weight = -VIGNETTE_STRENGTH / Math.max(cx * cx + cy * cy, 1);
    MemorySegment centred = scope.linear(scope.coordinates(width, height),
        new double[] {1, 1}, new double[] {-cx, -cy});
    MemorySegment squared = scope.multiply(centred, centred);
    MemorySegment falloff = scope.recomb(squared, new double[][] {{weight, weight}});
    return scope.linear(falloff, new double[] {1}, new double[] {1});
  }

  /** {@code y + s * (c - y)} per band, with {@code y} the pixel's luma. */
  private static double[][] saturation(double s) {
    double[][] m = new double[3][3];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        m[row][col] = (1 - s) * LUMA[col] + (row == col ? s : 0);
      }
    }
    return m;
  }

  /** {@code amount} of the matrix blended with the original. */
  private static double[][] mix(double[][] matrix, double amount) {
    double[][] m = new double[3][3];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        m[row][col] = amount * matrix[row][col] + (row == col ? 1 - amount : 0);
      }
    }
    return m;
  }
}
