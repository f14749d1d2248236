package io.cumulo.images.vips;

import io.cumulo.api.images.Images;
import java.lang.foreign.MemorySegment;

/**
 * The preset looks of {@link Images#FILTERS}, built from libvips operations on an 8-bit sRGB image
 * (alpha, when present, is set aside and put back unchanged). The matrices are the textbook ones a
 * Java implementation uses too, so both engines give the same look.
 */
final class VipsFilters {
  /** Rec. 601 luma weights, as in {@code java.awt} grey conversions. */
  private static final double[] LUMA = {0.299, 0.587, 0.114};
  private static final double[][] GRAYSCALE = {LUMA, LUMA, LUMA};
  /** The widely used sepia matrix (Microsoft's). */
  private static final double[][] SEPIA = {
      {0.393, 0.769, 0.189},
      {0.349, 0.686, 0.168},
      {0.272, 0.534, 0.131}};
  private static final double[][] VIVID = saturation(1.4);
  /** The classic 3x3 sharpening kernel (what {@code java.awt.image.ConvolveOp} examples use). */
  private static final double[][] SHARPEN = {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}};
  /** 30% sepia mixed into the original: a warm cast that keeps the colours. */
  private static final double[][] WARM = mix(SEPIA, 0.3);
  /** Vintage fades: contrast down to 85% and the blacks lifted towards warm brown. */
  private static final double[] FADE_GAIN = {0.85};
  private static final double[] FADE_LIFT = {28, 18, 8};
  /** How much the vignette darkens the corners (0.25 = to 75%). */
  private static final double VIGNETTE_STRENGTH = 0.25;
  /** Blur radius relative to the image's long side, so every size looks equally soft. */
  private static final double BLUR_SIGMA_PER_PIXEL = 1.0 / 200;
  private static final double MIN_BLUR_SIGMA = 2.0;

  private VipsFilters() {}

  static MemorySegment apply(VipsScope scope, MemorySegment image, String filter) {
    boolean alpha = scope.bandCount(image) == 4;
    MemorySegment colour = alpha ? scope.bands(image, 0, 3) : image;
    MemorySegment filtered = scope.castUchar(switch (filter) {
      case "grayscale" -> scope.recomb(colour, GRAYSCALE);
      case "sepia" -> scope.recomb(colour, SEPIA);
      case "vivid" -> scope.recomb(colour, VIVID);
      case "blur" -> scope.gaussianBlur(colour, blurSigma(scope, colour));
      case "sharpen" -> scope.convolve(colour, SHARPEN);
      case "vintage" -> vintage(scope, colour);
      default -> throw new IllegalArgumentException("unknown filter '" + filter + "'");
    });
    return alpha ? scope.join(filtered, scope.band(image, 3)) : filtered;
  }

  private static double blurSigma(VipsScope scope, MemorySegment image) {
    return Math.max(MIN_BLUR_SIGMA, Math.max(scope.width(image), scope.height(image)) * BLUR_SIGMA_PER_PIXEL);
  }

  private static MemorySegment vintage(VipsScope scope, MemorySegment image) {
    MemorySegment toned = scope.linear(scope.recomb(image, WARM), FADE_GAIN, FADE_LIFT);
    return scope.multiply(toned, vignette(scope, scope.width(image), scope.height(image)));
  }

  /** A one-band mask: 1 in the centre falling to {@code 1 - VIGNETTE_STRENGTH} in the corners. */
  private static MemorySegment vignette(VipsScope scope, int width, int height) {
    // x and y scaled to -1..1 around the centre, squared, summed (0..2) and turned into a gain.
    MemorySegment centred = scope.linear(scope.coordinates(width, height),
        new double[] {2.0 / width, 2.0 / height}, new double[] {-1, -1});
    MemorySegment squared = scope.multiply(centred, centred);
    double weight = -VIGNETTE_STRENGTH / 2;
    MemorySegment falloff = scope.recomb(squared, new double[][] {{weight, weight}});
    return scope.linear(falloff, new double[] {1}, new double[] {1});
  }

  /** Saturation matrix: {@code s * identity + (1 - s) * luma}, which keeps each pixel's luma. */
  private static double[][] saturation(double s) {
    double[][] m = new double[3][3];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        m[row][col] = (1 - s) * LUMA[col] + (row == col ? s : 0);
      }
    }
    return m;
  }

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
