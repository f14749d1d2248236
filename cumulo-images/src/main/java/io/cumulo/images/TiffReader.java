package io.cumulo.images;

import io.cumulo.api.images.ImageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the directory structure shared by TIFF files and EXIF blocks, inside {@code [start, end)}
 * of a byte array. Every read is bounds-checked; a read outside the block fails with an
 * {@link ImageException} ({@code InvalidImage}), so a hostile offset can neither escape the block
 * nor make the reader allocate more than the block already holds.
 */
final class TiffReader {
  /** More entries than any real directory has; caps the work a forged entry count can cause. */
  private static final int MAX_ENTRIES = 4096;

  /** One directory entry: the tag, its type, its value count and where its value starts. */
  record Entry(int tag, int type, long count, int valueAt) {}

  private final byte[] data;
  private final int start;
  private final int end;
  private final boolean littleEndian;

  private TiffReader(byte[] data, int start, int end, boolean littleEndian) {
    this.data = data;
    this.start = start;
    this.end = end;
    this.littleEndian = littleEndian;
  }

  /** Opens the TIFF structure at {@code [start, end)}, checking its byte-order mark and magic. */
  static TiffReader open(byte[] data, int start, int end) {
    if (start < 0 || end > data.length || end - start < 8) {
      throw truncated();
    }
    boolean little;
    if (data[start] == 'I' && data[start + 1] == 'I') {
      little = true;
    } else if (data[start] == 'M' && data[start + 1] == 'M') {
      little = false;
    } else {
      throw new ImageException(ImageException.INVALID, "the TIFF header has no byte-order mark");
    }
    TiffReader reader = new TiffReader(data, start, end, little);
    int magic = reader.u16(2);
    if (magic == 43) {
      throw new ImageException(ImageException.UNSUPPORTED, "BigTIFF files are not supported");
    }
    if (magic != 42) {
      throw new ImageException(ImageException.INVALID, "the TIFF header has a wrong magic number");
    }
    return reader;
  }

  /** The offset of the first directory, relative to the start of the structure. */
  long firstDirectory() {
    return u32(4);
  }

  /** The entries of the directory at {@code offset} (relative to the start). */
  List<Entry> directory(long offset) {
    int at = relative(offset, 2);
    int count = Math.min(u16(at), MAX_ENTRIES);
    List<Entry> entries = new ArrayList<>(Math.min(count, 64));
    for (int i = 0; i < count; i++) {
      int entry = at + 2 + i * 12;
      relative(entry, 12);
      int tag = u16(entry);
      int type = u16(entry + 2);
      long values = u32(entry + 4);
      long size = values * typeSize(type);
      int valueAt = size <= 4 ? entry + 8 : relative(u32(entry + 8), 0);
      entries.add(new Entry(tag, type, values, valueAt));
    }
    return entries;
  }

  /** The offset of the directory after the one at {@code offset}, or 0 when it is the last. */
  long nextDirectory(long offset) {
    int at = relative(offset, 2);
    int count = u16(at);
    return u32(at + 2 + count * 12);
  }

  /** The first value of a SHORT or LONG entry. */
  long number(Entry entry) {
    return switch (entry.type()) {
      case 3 -> u16(entry.valueAt());
      case 4, 13 -> u32(entry.valueAt());
      case 1 -> u8(entry.valueAt());
      default -> throw new ImageException(ImageException.INVALID,
          "TIFF tag " + entry.tag() + " has type " + entry.type() + ", expected a number");
    };
  }

  /** An ASCII entry's text, at most {@code maxChars} characters, without the trailing NULs. */
  String text(Entry entry, int maxChars) {
    int length = (int) Math.min(entry.count(), maxChars);
    relative(entry.valueAt(), length);
    int n = 0;
    while (n < length && data[start + entry.valueAt() + n] != 0) {
      n++;
    }
    return new String(data, start + entry.valueAt(), n, StandardCharsets.US_ASCII);
  }

  private static int typeSize(int type) {
    return switch (type) {
      case 3, 8 -> 2;
      case 4, 9, 11, 13 -> 4;
      case 5, 10, 12 -> 8;
      default -> 1;
    };
  }

  /** Checks that {@code length} bytes at {@code offset} lie inside the structure. */
  private int relative(long offset, int length) {
    if (offset < 0 || offset + length > end - start) {
      throw truncated();
    }
    return (int) offset;
  }

  private int u8(int offset) {
    relative(offset, 1);
    return data[start + offset] & 0xFF;
  }

  private int u16(int offset) {
    relative(offset, 2);
    int a = data[start + offset] & 0xFF;
    int b = data[start + offset + 1] & 0xFF;
    return littleEndian ? a | b << 8 : a << 8 | b;
  }

  private long u32(int offset) {
    relative(offset, 4);
    long a = u16(offset);
    long b = u16(offset + 2);
    return littleEndian ? a | b << 16 : a << 16 | b;
  }

  private static ImageException truncated() {
    return new ImageException(ImageException.INVALID, "the TIFF/EXIF structure is truncated");
  }
}
