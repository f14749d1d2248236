package io.cumulo.images;

import static io.cumulo.images.Bytes.startsWith;
import static io.cumulo.images.Bytes.u16be;
import static io.cumulo.images.Bytes.u32be;
import static io.cumulo.images.Bytes.u8;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What the decoder reads from the bytes beyond the header: whether the file is whole (ImageIO
 * decodes a cut JPEG as grey without an error) and a PNG's ICC profile (ImageIO ignores it).
 */
final class DecodeChecks {
  /** The largest embedded ICC profile we inflate, in bytes. */
  static final int MAX_ICC_BYTES = 4 * 1024 * 1024;

  private DecodeChecks() {}

  /**
   * Whether a JPEG has its end-of-image marker after its first scan. A file cut short lacks it,
   * and ImageIO would otherwise decode the missing part as grey without an error.
   */
  static boolean jpegIsComplete(byte[] d) {
    int pos = 2;
    while (pos + 4 <= d.length) {
      int marker = u8(d, pos + 1);
      if (u8(d, pos) != 0xFF) {
        return false;
      }
      if (marker == 0xFF) {
        pos++;
      } else if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
        pos += 2;
      } else if (marker == 0xDA) {
        for (int i = d.length - 2; i > pos; i--) {
          if (u8(d, i) == 0xFF && u8(d, i + 1) == 0xD9) {
            return true;
          }
        }
        return false;
      } else {
        pos += 2 + u16be(d, pos + 2);
      }
    }
    return false;
  }

  /** Whether a PNG's chunks lead, in order and whole, to its IEND chunk. */
  static boolean pngIsComplete(byte[] d) {
    long pos = 8;
    while (pos + 12 <= d.length) {
      int at = (int) pos;
      if (startsWith(d, at + 4, "IEND")) {
        return true;
      }
      pos += 12 + u32be(d, at);
    }
    return false;
  }

  /**
   * The ICC profile of a PNG's iCCP chunk, inflated, or null when it has none or it is broken.
   * ImageIO's PNG reader ignores iCCP, so the decoder applies it. Inflating stops at
   * {@value #MAX_ICC_BYTES} bytes: a profile is a few KiB, a zip bomb is not.
   */
  static byte[] pngIccProfile(byte[] d) {
    long pos = 8;
    while (pos + 12 <= d.length) {
      int at = (int) pos;
      long length = u32be(d, at);
      if (startsWith(d, at + 4, "IDAT")) {
        return null;
      }
      if (startsWith(d, at + 4, "iCCP") && at + 8 + length <= d.length) {
        int body = at + 8;
        int end = (int) (body + length);
        int name = body;
        while (name < end && d[name] != 0) {
          name++;
        }
        // Skip the name's NUL and the compression method byte; zlib data follows.
        return name + 2 < end ? inflate(d, name + 2, end - name - 2) : null;
      }
      pos += 12 + length;
    }
    return null;
  }

  private static byte[] inflate(byte[] d, int offset, int length) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(d, offset, length);
      ByteArrayOutputStream out = new ByteArrayOutputStream(length * 2);
      byte[] buffer = new byte[16 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null;
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_ICC_BYTES) {
          return null;
        }
      }
      return out.toByteArray();
    } catch (DataFormatException corrupt) {
      return null;
    } finally {
      inflater.end();
    }
  }
}
