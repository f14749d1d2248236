package io.cumulo.images;

/** Unsigned reads from a byte array; callers check the bounds first. */
final class Bytes {
  private Bytes() {}

  /** Whether {@code ascii} is at {@code offset}; false when it would run past the end. */
  static boolean startsWith(byte[] d, int offset, String ascii) {
    if (offset < 0 || offset + ascii.length() > d.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if ((d[offset + i] & 0xFF) != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static int u8(byte[] d, int i) {
    return d[i] & 0xFF;
  }

  static int u16be(byte[] d, int i) {
    return u8(d, i) << 8 | u8(d, i + 1);
  }

  static int u16le(byte[] d, int i) {
    return u8(d, i) | u8(d, i + 1) << 8;
  }

  static int u24le(byte[] d, int i) {
    return u16le(d, i) | u8(d, i + 2) << 16;
  }

  static long u32be(byte[] d, int i) {
    return (long) u16be(d, i) << 16 | u16be(d, i + 2);
  }

  static long u32le(byte[] d, int i) {
    return u16le(d, i) | (long) u16le(d, i + 2) << 16;
  }
}
