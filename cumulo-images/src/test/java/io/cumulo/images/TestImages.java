package io.cumulo.images;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test images made in code, so every case says exactly what it feeds the engine. */
final class TestImages {
  /** Real photos shipped by scikit-image (python3-skimage); tests using them skip without it. */
  static final Path SKIMAGE = Path.of("/usr/lib/python3/dist-packages/skimage/data");

  private TestImages() {}

  static BufferedImage solid(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** Colour gradients with a fine checkerboard on top: detail, colour and smooth areas. */
  static BufferedImage pattern(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = 255 * x / width;
        int g = 255 * y / height;
        int b = 128;
        int check = ((x / 3 + y / 3) & 1) == 0 ? 40 : -40;
        int noise = random.nextInt(21) - 10;
        image.setRGB(x, y, clamp(r + check + noise) << 16 | clamp(g + check + noise) << 8
            | clamp(b + check + noise));
      }
    }
    return image;
  }

  /** A landscape image whose top-left 10x10 corner is pure red and the rest blue. */
  static BufferedImage markedCorner(int width, int height) {
    BufferedImage image = solid(width, height, new Color(0, 0, 220));
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 10, 10);
    g.dispose();
    return image;
  }

  static byte[] jpeg(BufferedImage image) {
    return write(image, "jpeg", 0.9f);
  }

  static byte[] png(BufferedImage image) {
    return write(image, "png", 0f);
  }

  static byte[] write(BufferedImage image, String format, float quality) {
    try {
      ImageWriter writer = writer(format);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (format.equals("jpeg")) {
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(quality);
        }
        writer.write(null, new IIOImage(image, null, null), param);
      } finally {
        writer.dispose();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GIF with one frame per image (all the same size). */
  static byte[] animatedGif(BufferedImage... frames) {
    try {
      ImageWriter writer = writer("gif");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
        for (BufferedImage frame : frames) {
          writer.writeToSequence(new IIOImage(frame, null, null), null);
        }
        writer.endWriteSequence();
      } finally {
        writer.dispose();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ImageWriter writer(String format) {
    return ImageIO.getImageWritersByFormatName(format).next();
  }

  /** The JPEG with {@code segment} (marker and all) inserted right after its SOI marker. */
  static byte[] withSegment(byte[] jpeg, byte[] segment) {
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  /** A JPEG APPn segment: marker, length, body. */
  static byte[] segment(int marker, byte[] body) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + body.length);
    buffer.put((byte) 0xFF).put((byte) marker).putShort((short) (2 + body.length)).put(body);
    return buffer.array();
  }

  /**
   * An APP1 EXIF segment with the orientation in IFD0 and, when {@code takenAt} is not null (as
   * {@code yyyy:MM:dd HH:mm:ss}), DateTimeOriginal in the EXIF directory.
   */
  static byte[] exifSegment(int orientation, String takenAt) {
    ByteBuffer tiff = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    int entries = takenAt == null ? 1 : 2;
    tiff.putShort((short) entries);
    tiff.putShort((short) 274).putShort((short) 3).putInt(1).putShort((short) orientation)
        .putShort((short) 0);
    int exifDirectory = 8 + 2 + entries * 12 + 4;
    if (takenAt != null) {
      tiff.putShort((short) 34665).putShort((short) 4).putInt(1).putInt(exifDirectory);
    }
    tiff.putInt(0);
    if (takenAt != null) {
      int text = exifDirectory + 2 + 12 + 4;
      tiff.putShort((short) 1);
      tiff.putShort((short) 36867).putShort((short) 2).putInt(20).putInt(text);
      tiff.putInt(0);
      tiff.put((takenAt + "\0").getBytes(StandardCharsets.US_ASCII));
    }
    byte[] body = new byte[6 + tiff.position()];
    System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 6);
    System.arraycopy(tiff.array(), 0, body, 6, tiff.position());
    return segment(0xE1, body);
  }

  /**
   * A maximal (64 KiB) APP1 EXIF segment whose first directory claims 65535 entries and whose
   * offsets point everywhere: what a fuzzer or a broken camera produces.
   */
  static byte[] hugeMalformedExifSegment() {
    byte[] body = new byte[65_533];
    new Random(11).nextBytes(body);
    System.arraycopy("Exif\0\0II*\0".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 10);
    ByteBuffer.wrap(body, 10, 6).order(ByteOrder.LITTLE_ENDIAN).putInt(8).putShort((short) 0xFFFF);
    return segment(0xE1, body);
  }

  /** An APP2 segment embedding {@code profile}, as cameras and editors do. */
  static byte[] iccSegment(ICC_Profile profile) {
    byte[] data = profile.getData();
    byte[] body = new byte[14 + data.length];
    System.arraycopy("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 12);
    body[12] = 1;
    body[13] = 1;
    System.arraycopy(data, 0, body, 14, data.length);
    return segment(0xE2, body);
  }

  static ICC_Profile linearRgbProfile() {
    return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB);
  }

  /** The PNG with an iCCP chunk embedding {@code profile} right after its IHDR chunk. */
  static byte[] withIccChunk(byte[] png, ICC_Profile profile) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflater = new DeflaterOutputStream(compressed)) {
      deflater.write(profile.getData());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] zlib = compressed.toByteArray();
    ByteBuffer chunk = ByteBuffer.allocate(12 + 8 + zlib.length);
    chunk.putInt(8 + zlib.length).put("iCCP".getBytes(StandardCharsets.US_ASCII))
        .put("linear\0".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put(zlib);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + 8 + zlib.length);
    chunk.putInt((int) crc.getValue());
    byte[] out = new byte[png.length + chunk.capacity()];
    System.arraycopy(png, 0, out, 0, 33);
    System.arraycopy(chunk.array(), 0, out, 33, chunk.capacity());
    System.arraycopy(png, 33, out, 33 + chunk.capacity(), png.length - 33);
    return out;
  }

  /** A PNG signature and IHDR chunk claiming {@code width x height}, and nothing else. */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer buffer = ByteBuffer.allocate(33);
    buffer.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    buffer.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII));
    buffer.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
        .put((byte) 0).putInt(0);
    return buffer.array();
  }

  static byte[] truncated(byte[] data, double keep) {
    return Arrays.copyOf(data, (int) (data.length * keep));
  }

  static byte[] resource(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] skimage(String name) {
    try {
      return Files.readAllBytes(SKIMAGE.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BufferedImage decode(byte[] data) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
      if (image == null) {
        throw new IllegalStateException("ImageIO found no reader for the output");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int[] rgb(BufferedImage image, int x, int y) {
    int p = image.getRGB(x, y);
    return new int[] {p >> 16 & 0xFF, p >> 8 & 0xFF, p & 0xFF};
  }

  static boolean contains(byte[] data, String ascii) {
    byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
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

  private static int clamp(int v) {
    return Math.clamp(v, 0, 255);
  }
}
