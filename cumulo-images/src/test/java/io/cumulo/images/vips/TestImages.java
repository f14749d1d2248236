package io.cumulo.images.vips;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Builds test inputs: photos-like pixels, EXIF segments, and headers that lie about their size. */
final class TestImages {
  private TestImages() {}

  /** A gradient with seeded noise: compresses like a photo, not like a flat test card. */
  static BufferedImage photoLike(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(200, 80, 40), width, height, new Color(30, 120, 220)));
    g.fillRect(0, 0, width, height);
    g.dispose();
    Random random = new Random(seed);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int noise = random.nextInt(41) - 20;
        int p = row[x];
        row[x] = (clamp(((p >> 16) & 0xFF) + noise) << 16) | (clamp(((p >> 8) & 0xFF) + noise) << 8)
            | clamp((p & 0xFF) + noise);
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static BufferedImage decode(byte[] data) {
    try {
      BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(data));
      if (image == null) {
        throw new IllegalStateException("ImageIO cannot read these " + data.length + " bytes");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Inserts an EXIF APP1 segment (big-endian TIFF: IFD0 with Orientation and an Exif IFD with
   * DateTimeOriginal) after the JFIF APP0 segment.
   */
  static byte[] withExif(byte[] jpeg, int orientation, String dateTimeOriginal) {
    ByteBuffer tiff = ByteBuffer.allocate(76);
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    tiff.putShort((short) 2);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(38);
    tiff.putInt(0);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x9003).putShort((short) 2).putInt(20).putInt(56);
    tiff.putInt(0);
    tiff.put((dateTimeOriginal + "\0").getBytes(StandardCharsets.US_ASCII));
    byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    int length = 2 + header.length + tiff.capacity();
    ByteBuffer app1 = ByteBuffer.allocate(2 + length);
    app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(header).put(tiff.array());
    int insertAt = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      insertAt = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    byte[] out = new byte[jpeg.length + app1.capacity()];
    System.arraycopy(jpeg, 0, out, 0, insertAt);
    System.arraycopy(app1.array(), 0, out, insertAt, app1.capacity());
    System.arraycopy(jpeg, insertAt, out, insertAt + app1.capacity(), jpeg.length - insertAt);
    return out;
  }

  /** The JPEG with its SOF0 frame header claiming {@code width x height}; the scan is unchanged. */
  static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    for (int i = 2; i + 8 < out.length; i++) {
      if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
        out[i + 5] = (byte) (height >> 8);
        out[i + 6] = (byte) height;
        out[i + 7] = (byte) (width >> 8);
        out[i + 8] = (byte) width;
        return out;
      }
    }
    throw new IllegalArgumentException("no SOF0 marker");
  }

  /** The PNG with its IHDR claiming {@code width x height}, CRC fixed so only the size is a lie. */
  static byte[] pngClaiming(byte[] png, int width, int height) {
    byte[] out = png.clone();
    ByteBuffer buffer = ByteBuffer.wrap(out);
    buffer.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17);
    buffer.putInt(29, (int) crc.getValue());
    return out;
  }

  static boolean contains(byte[] data, String text) {
    byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  static byte[] prefix(byte[] data, double fraction) {
    return Arrays.copyOf(data, (int) (data.length * fraction));
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }
}
