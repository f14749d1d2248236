package io.cumulo.images;

import java.awt.image.BufferedImage;

/**
 * The preset filters of {@code Images.FILTERS}, on non-premultiplied int rasters
 * ({@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB}); alpha is kept as it is.
 */
final class Filters {
  private Filters() {}

  /** A filtered copy of {@code image}; {@code image} itself is not changed. */
  static BufferedImage apply(String filter, BufferedImage image) {
    BufferedImage out = Rasters.copy(image);
    int[] p = Rasters.pixels(out);
    int w = out.getWidth();
    int h = out.getHeight();
    switch (filter) {
      case "grayscale" -> grayscale(p);
      case "sepia" -> sepia(p, 1.0);
      case "blur" -> blur(p, w, h, Math.clamp(Math.max(w, h) / 200.0, 1.0, 30.0));
      case "sharpen" -> sharpen(p, w, h);
      case "vivid" -> vivid(p);
      case "vintage" -> vintage(p, w, h);
      default -> throw new IllegalArgumentException("unknown filter '" + filter + "'");
    }
    return out;
  }

  /** Rec. 601 luma, the weights JPEG uses for Y. */
  private static void grayscale(int[] p) {
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      int y = (77 * (c >> 16 & 0xFF) + 150 * (c >> 8 & 0xFF) + 29 * (c & 0xFF) + 128) >> 8;
      p[i] = c & 0xFF000000 | y << 16 | y << 8 | y;
    }
  }

  /** The common sepia matrix, blended with the original by {@code strength} 0..1. */
  private static void sepia(int[] p, double strength) {
    double keep = 1 - strength;
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      int r = c >> 16 & 0xFF;
      int g = c >> 8 & 0xFF;
      int b = c & 0xFF;
      double sr = 0.393 * r + 0.769 * g + 0.189 * b;
      double sg = 0.349 * r + 0.686 * g + 0.168 * b;
      double sb = 0.272 * r + 0.534 * g + 0.131 * b;
      p[i] = c & 0xFF000000 | clamp(keep * r + strength * sr) << 16
          | clamp(keep * g + strength * sg) << 8 | clamp(keep * b + strength * sb);
    }
  }

  /**
   * A gaussian blur, approximated by three box blurs in each direction (the error is a few
   * percent of the kernel). Running sums make the cost independent of {@code sigma}, which grows
   * with the image.
   */
  private static void blur(int[] p, int w, int h, double sigma) {
    int[] tmp = new int[p.length];
    for (int radius : boxRadii(sigma)) {
      box(p, tmp, w, h, radius, 1, w);
      box(tmp, p, h, w, radius, w, 1);
    }
  }

  /** The radii of three box blurs whose combined variance matches a gaussian's. */
  private static int[] boxRadii(double sigma) {
    int boxes = 3;
    double ideal = Math.sqrt(12 * sigma * sigma / boxes + 1);
    int lower = (int) Math.floor(ideal);
    if (lower % 2 == 0) {
      lower--;
    }
    int upper = lower + 2;
    double lowerCount = (12 * sigma * sigma - boxes * lower * lower - 4.0 * boxes * lower - 3 * boxes)
        / (-4.0 * lower - 4);
    long m = Math.round(lowerCount);
    int[] radii = new int[boxes];
    for (int i = 0; i < boxes; i++) {
      radii[i] = ((i < m ? lower : upper) - 1) / 2;
    }
    return radii;
  }

  /**
   * One box blur along lines of {@code length} pixels ({@code step} apart; lines {@code lineStep}
   * apart, {@code lines} of them), edges extended. Each channel keeps a running sum.
   */
  private static void box(int[] src, int[] dst, int length, int lines, int radius, int step,
      int lineStep) {
    int window = 2 * radius + 1;
    int last = length - 1;
    for (int line = 0; line < lines; line++) {
      int base = line * lineStep;
      int a = 0;
      int r = 0;
      int g = 0;
      int b = 0;
      for (int k = -radius; k <= radius; k++) {
        int c = src[base + Math.clamp(k, 0, last) * step];
        a += c >>> 24;
        r += c >> 16 & 0xFF;
        g += c >> 8 & 0xFF;
        b += c & 0xFF;
      }
      for (int i = 0; i < length; i++) {
        dst[base + i * step] = (a + radius) / window << 24 | (r + radius) / window << 16
            | (g + radius) / window << 8 | (b + radius) / window;
        int in = src[base + Math.min(i + radius + 1, last) * step];
        int out = src[base + Math.max(i - radius, 0) * step];
        a += (in >>> 24) - (out >>> 24);
        r += (in >> 16 & 0xFF) - (out >> 16 & 0xFF);
        g += (in >> 8 & 0xFF) - (out >> 8 & 0xFF);
        b += (in & 0xFF) - (out & 0xFF);
      }
    }
  }

  /** Unsharp mask: the difference from a small blur, added back. */
  private static void sharpen(int[] p, int w, int h) {
    int[] blurred = p.clone();
    blur(blurred, w, h, Math.clamp(Math.max(w, h) / 1000.0, 1.0, 3.0));
    double amount = 1.2;
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      int s = blurred[i];
      int r = c >> 16 & 0xFF;
      int g = c >> 8 & 0xFF;
      int b = c & 0xFF;
      p[i] = c & 0xFF000000 | clamp(r + amount * (r - (s >> 16 & 0xFF))) << 16
          | clamp(g + amount * (g - (s >> 8 & 0xFF))) << 8 | clamp(b + amount * (b - (s & 0xFF)));
    }
  }

  /** Saturation x1.4 around each pixel's luma, then contrast x1.1 around mid-grey. */
  private static void vivid(int[] p) {
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      int r = c >> 16 & 0xFF;
      int g = c >> 8 & 0xFF;
      int b = c & 0xFF;
      double y = 0.299 * r + 0.587 * g + 0.114 * b;
      p[i] = c & 0xFF000000 | clamp(contrast(y + 1.4 * (r - y))) << 16
          | clamp(contrast(y + 1.4 * (g - y))) << 8 | clamp(contrast(y + 1.4 * (b - y)));
    }
  }

  private static double contrast(double v) {
    return 128 + 1.1 * (v - 128);
  }

  /** A third of sepia, lifted blacks and softened whites, warmer, and darker corners. */
  private static void vintage(int[] p, int w, int h) {
    sepia(p, 0.35);
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double reach = cx * cx + cy * cy;
    for (int y = 0; y < h; y++) {
      double dy = (y - cy) * (y - cy);
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int c = p[i];
        double vignette = 1 - 0.35 * (((x - cx) * (x - cx) + dy) / Math.max(reach, 1));
        double r = (24 + 0.84 * (c >> 16 & 0xFF)) * 1.06 * vignette;
        double g = (24 + 0.84 * (c >> 8 & 0xFF)) * vignette;
        double b = (24 + 0.84 * (c & 0xFF)) * 0.88 * vignette;
        p[i] = c & 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
      }
    }
  }

  private static int clamp(double v) {
    return Math.clamp(Math.round(v), 0, 255);
  }
}
