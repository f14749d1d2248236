package io.cumulo.images;

import java.awt.image.BufferedImage;

/** Turns and mirrors pixels so that an image with an EXIF orientation is stored upright. */
final class Orientation {
  private Orientation() {}

  /**
   * The upright image for EXIF {@code orientation} 1..8 (1 returns {@code image} itself). Works on
   * the int pixel arrays directly: exact, and no resampling.
   */
  static BufferedImage upright(BufferedImage image, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean turned = orientation >= 5;
    int ow = turned ? h : w;
    int oh = turned ? w : h;
    BufferedImage out = new BufferedImage(ow, oh, image.getType());
    int[] src = Rasters.pixels(image);
    int[] dst = Rasters.pixels(out);
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        int dx;
        int dy;
        switch (orientation) {
          case 2 -> { dx = w - 1 - x; dy = y; }
          case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }
          case 4 -> { dx = x; dy = h - 1 - y; }
          case 5 -> { dx = y; dy = x; }
          case 6 -> { dx = h - 1 - y; dy = x; }
          case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }
          default -> { dx = y; dy = w - 1 - x; }
        }
        dst[dy * ow + dx] = src[row + x];
      }
    }
    return out;
  }
}
