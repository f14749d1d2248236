package io.cumulo.images;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Shrinks an image with good quality at low cost: exact 2x2 box averages while the image is at
 * least twice the target, then one bilinear step. Bilinear alone from far above the target skips
 * most source pixels and aliases; halving first lets every pixel contribute.
 */
final class Downscaler {
  private Downscaler() {}

  /** {@code image} scaled to exactly {@code width x height} (never larger than it is). */
  static BufferedImage scale(BufferedImage image, int width, int height) {
    BufferedImage current = image;
    while (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height) {
      current = halve(current);
    }
    if (current.getWidth() == width && current.getHeight() == height) {
      return current;
    }
    BufferedImage out = new BufferedImage(width, height, current.getType());
    Graphics2D g = out.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(current, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Each output pixel is the mean of a 2x2 block; an odd last row or column is dropped. */
  private static BufferedImage halve(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int ow = w / 2;
    int oh = h / 2;
    BufferedImage out = new BufferedImage(ow, oh, image.getType());
    int[] src = Rasters.pixels(image);
    int[] dst = Rasters.pixels(out);
    for (int y = 0; y < oh; y++) {
      int top = 2 * y * w;
      int bottom = top + w;
      int row = y * ow;
      for (int x = 0; x < ow; x++) {
        int a = src[top + 2 * x];
        int b = src[top + 2 * x + 1];
        int c = src[bottom + 2 * x];
        int d = src[bottom + 2 * x + 1];
        int alpha = ((a >>> 24) + (b >>> 24) + (c >>> 24) + (d >>> 24) + 2) >> 2;
        int red = ((a >> 16 & 0xFF) + (b >> 16 & 0xFF) + (c >> 16 & 0xFF) + (d >> 16 & 0xFF) + 2) >> 2;
        int green = ((a >> 8 & 0xFF) + (b >> 8 & 0xFF) + (c >> 8 & 0xFF) + (d >> 8 & 0xFF) + 2) >> 2;
        int blue = ((a & 0xFF) + (b & 0xFF) + (c & 0xFF) + (d & 0xFF) + 2) >> 2;
        dst[row + x] = alpha << 24 | red << 16 | green << 8 | blue;
      }
    }
    return out;
  }
}
