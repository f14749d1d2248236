package io.cumulo.images;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * The pixel layouts the engine works in: {@code TYPE_INT_RGB} for opaque images and
 * {@code TYPE_INT_ARGB_PRE} for images with alpha while scaling (premultiplied, so averaging does
 * not darken transparent edges), {@code TYPE_INT_ARGB} when filtering and writing.
 */
final class Rasters {
  private Rasters() {}

  /** The backing pixel array of an image created by this engine. */
  static int[] pixels(BufferedImage image) {
    return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
  }

  static boolean hasAlpha(BufferedImage image) {
    return image.getColorModel().hasAlpha();
  }

  /** A copy in {@code type}, drawn by Java2D (which converts colour models and premultiplies). */
  static BufferedImage convert(BufferedImage image, int type) {
    if (image.getType() == type) {
      return image;
    }
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
    Graphics2D g = out.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The image over a white background, opaque: what a format without alpha should show. */
  static BufferedImage flattenOnWhite(BufferedImage image) {
    if (!hasAlpha(image)) {
      return convert(image, BufferedImage.TYPE_INT_RGB);
    }
    BufferedImage premultiplied = convert(image, BufferedImage.TYPE_INT_ARGB_PRE);
    int[] src = pixels(premultiplied);
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    int[] dst = pixels(out);
    for (int i = 0; i < src.length; i++) {
      int p = src[i];
      int white = 255 - (p >>> 24);
      int r = (p >> 16 & 0xFF) + white;
      int g = (p >> 8 & 0xFF) + white;
      int b = (p & 0xFF) + white;
      dst[i] = Math.min(r, 255) << 16 | Math.min(g, 255) << 8 | Math.min(b, 255);
    }
    return out;
  }

  /** An independent copy, so a filter can change pixels without touching the shared base. */
  static BufferedImage copy(BufferedImage image) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
    System.arraycopy(pixels(image), 0, pixels(out), 0, pixels(image).length);
    return out;
  }
}
