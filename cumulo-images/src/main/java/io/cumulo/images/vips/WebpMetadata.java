package io.cumulo.images.vips;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Removes metadata chunks (EXIF, XMP, ICC) from a WebP file. libvips 8.14.1's {@code webpsave}
 * writes an EXIF chunk even with {@code strip=TRUE}, and every output must carry no metadata, so
 * the chunks are dropped from the RIFF container after encoding. Pixel chunks are copied as they are.
 */
final class WebpMetadata {
  private static final int VP8X_ICC = 0x20;
  private static final int VP8X_EXIF = 0x08;
  private static final int VP8X_XMP = 0x04;

  private WebpMetadata() {}

  static byte[] strip(byte[] webp) {
    if (webp.length < 12) {
      return webp;
    }
    ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
    ByteArrayOutputStream body = new ByteArrayOutputStream(webp.length);
    int offset = 12;
    boolean removed = false;
    while (offset + 8 <= webp.length) {
      String fourCc = new String(webp, offset, 4, StandardCharsets.US_ASCII);
      int size = in.getInt(offset + 4);
      // Chunks are padded to an even size.
      int total = 8 + size + (size & 1);
      if (size < 0 || offset + total > webp.length) {
        return webp;
      }
      switch (fourCc) {
        case "EXIF", "XMP ", "ICCP" -> removed = true;
        case "VP8X" -> {
          byte[] chunk = Arrays.copyOfRange(webp, offset, offset + total);
          chunk[8] &= (byte) ~(VP8X_ICC | VP8X_EXIF | VP8X_XMP);
          body.writeBytes(chunk);
        }
        default -> body.write(webp, offset, total);
      }
      offset += total;
    }
    if (!removed) {
      return webp;
    }
    byte[] chunks = body.toByteArray();
    ByteBuffer out = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(webp, 0, 4).putInt(4 + chunks.length).put(webp, 8, 4).put(chunks);
    return out.array();
  }
}
