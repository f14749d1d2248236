package io.cumulo.images.vips;

import io.cumulo.api.images.ImageFormat;
import java.util.Optional;

/**
 * Names an image's format from its first bytes. libvips would also open PDF, SVG, HEIF and
 * whatever its ImageMagick loader knows; only the formats of {@link ImageFormat} are let through.
 */
final class FormatSniffer {
  private FormatSniffer() {}

  static Optional<ImageFormat> sniff(byte[] data) {
    if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(ImageFormat.JPEG);
    }
    if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(ImageFormat.PNG);
    }
    if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(ImageFormat.WEBP);
    }
    if (startsWith(data, 0, 'G', 'I', 'F', '8')) {
      return Optional.of(ImageFormat.GIF);
    }
    if (startsWith(data, 0, 'I', 'I', 42, 0) || startsWith(data, 0, 'M', 'M', 0, 42)) {
      return Optional.of(ImageFormat.TIFF);
    }
    if (startsWith(data, 0, 'B', 'M')) {
      return Optional.of(ImageFormat.BMP);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, int offset, int... expected) {
    if (data.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((data[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
