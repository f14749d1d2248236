package io.cumulo.images;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes JPEG and PNG with ImageIO, with no metadata (no EXIF, no ICC profile). */
final class ImageEncoder {
  private ImageEncoder() {}

  static boolean canWrite(ImageFormat format) {
    return format == ImageFormat.JPEG || format == ImageFormat.PNG;
  }

  /**
   * Encodes an opaque {@code TYPE_INT_RGB} image, or for PNG a {@code TYPE_INT_ARGB} one.
   *
   * @param quality the JPEG quality 1..100; ignored for PNG
   */
  static byte[] encode(BufferedImage image, ImageFormat format, int quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.id());
    if (!canWrite(format) || !writers.hasNext()) {
      throw new ImageException(ImageException.UNSUPPORTED,
          "the Java image engine cannot write " + format.id() + "; it writes jpeg and png");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format == ImageFormat.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
      }
      // Null metadata: the writer emits only what the format requires (a JFIF header for JPEG).
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      // Writing to memory fails only on a broken writer: not the caller's image's fault.
      throw new UncheckedIOException("could not write " + format.id(), e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
