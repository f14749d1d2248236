package io.cumulo.images;

import static io.cumulo.images.Bytes.startsWith;
import static io.cumulo.images.Bytes.u16be;
import static io.cumulo.images.Bytes.u16le;
import static io.cumulo.images.Bytes.u24le;
import static io.cumulo.images.Bytes.u32be;
import static io.cumulo.images.Bytes.u32le;
import static io.cumulo.images.Bytes.u8;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an image's format, size, orientation and capture time from its header, without decoding
 * pixels, and enforces the {@link ImageLimits}. The format comes from the magic bytes, never from a
 * file name. Every read is bounds-checked: a truncated or forged header fails with an
 * {@link ImageException}, never with another exception, never loops and never allocates by a size
 * the file claims.
 */
public final class ImageHeaders {
  /** More pages than we count; a forged TIFF page chain stops here. */
  private static final int MAX_PAGES = 10_000;

  private final ImageLimits limits;

  public ImageHeaders(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Reads the header of {@code image}.
   *
   * @throws ImageException {@code ImageTooLarge} above the byte or pixel limit, {@code InvalidImage}
   *     for empty, unknown or truncated input
   */
  public ImageInfo probe(byte[] image) {
    Objects.requireNonNull(image, "image");
    if (image.length == 0) {
      throw invalid("the image is empty (0 bytes)");
    }
    if (image.length > limits.maxInputBytes()) {
      throw new ImageException(ImageException.TOO_LARGE, "the image is " + mebibytes(image.length)
          + ", more than the " + mebibytes(limits.maxInputBytes()) + " limit");
    }
    Header header = switch (detect(image)) {
      case JPEG -> jpeg(image);
      case PNG -> png(image);
      case GIF -> gif(image);
      case WEBP -> webp(image);
      case TIFF -> tiff(image);
      case BMP -> bmp(image);
    };
    if (header.width() < 1 || header.height() < 1) {
      throw invalid("the " + header.format().id() + " header says " + header.width() + " x "
          + header.height() + " pixels");
    }
    long pixels = (long) header.width() * header.height();
    if (pixels > limits.maxPixels()) {
      throw new ImageException(ImageException.TOO_LARGE, header.width() + " x " + header.height()
          + " pixels (" + megapixels(pixels) + ") is more than the " + megapixels(limits.maxPixels())
          + " limit");
    }
    boolean turned = header.exif().orientation() >= 5;
    return new ImageInfo(header.format(), turned ? header.height() : header.width(),
        turned ? header.width() : header.height(), header.exif().orientation(), header.hasAlpha(),
        header.pages(), header.exif().takenAt());
  }

  /** What the header says, before orientation and limits are applied. */
  private record Header(ImageFormat format, int width, int height, boolean hasAlpha, int pages,
      Exif exif) {}

  private static ImageFormat detect(byte[] d) {
    if (d.length >= 3 && u8(d, 0) == 0xFF && u8(d, 1) == 0xD8 && u8(d, 2) == 0xFF) {
      return ImageFormat.JPEG;
    }
    if (startsWith(d, 0, "\u0089PNG\r\n\u001a\n")) {
      return ImageFormat.PNG;
    }
    if (startsWith(d, 0, "GIF87a") || startsWith(d, 0, "GIF89a")) {
      return ImageFormat.GIF;
    }
    if (startsWith(d, 0, "RIFF") && startsWith(d, 8, "WEBP")) {
      return ImageFormat.WEBP;
    }
    if (startsWith(d, 0, "II*\0") || startsWith(d, 0, "MM\0*") || startsWith(d, 0, "II+\0")
        || startsWith(d, 0, "MM\0+")) {
      return ImageFormat.TIFF;
    }
    if (startsWith(d, 0, "BM") && d.length >= 18) {
      return ImageFormat.BMP;
    }
    throw invalid("the bytes are not a JPEG, PNG, GIF, WebP, TIFF or BMP image");
  }

  private static Header jpeg(byte[] d) {
    Exif exif = Exif.NONE;
    int pos = 2;
    while (true) {
      need(d, pos, 4, ImageFormat.JPEG);
      if (u8(d, pos) != 0xFF) {
        throw invalid("the JPEG is corrupt: no marker at byte " + pos);
      }
      int marker = u8(d, pos + 1);
      if (marker == 0xFF) {
        pos++;
        continue;
      }
      if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
        pos += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        throw invalid("the JPEG has no frame header before its image data");
      }
      int length = u16be(d, pos + 2);
      if (length < 2) {
        throw invalid("the JPEG is corrupt: a segment at byte " + pos + " has length " + length);
      }
      int body = pos + 4;
      if (isStartOfFrame(marker)) {
        need(d, body, 6, ImageFormat.JPEG);
        return new Header(ImageFormat.JPEG, u16be(d, body + 3), u16be(d, body + 1), false, 1, exif);
      }
      if (marker == 0xE1 && exif == Exif.NONE && startsWith(d, body, "Exif\0\0")) {
        exif = Exif.read(d, body + 6, Math.min(pos + 2 + length, d.length));
      }
      pos += 2 + length;
    }
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static Header png(byte[] d) {
    need(d, 8, 25, ImageFormat.PNG);
    if (u32be(d, 8) != 13 || !startsWith(d, 12, "IHDR")) {
      throw invalid("the PNG does not start with its IHDR chunk");
    }
    long width = u32be(d, 16);
    long height = u32be(d, 20);
    if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw invalid("the PNG header says " + width + " x " + height + " pixels");
    }
    int colorType = u8(d, 25);
    boolean alpha = colorType == 4 || colorType == 6;
    int pages = 1;
    Exif exif = Exif.NONE;
    long pos = 33;
    while (pos + 8 <= d.length) {
      int at = (int) pos;
      long length = u32be(d, at);
      if (startsWith(d, at + 4, "IDAT") || startsWith(d, at + 4, "IEND")) {
        break;
      }
      if (startsWith(d, at + 4, "tRNS")) {
        alpha = true;
      } else if (startsWith(d, at + 4, "acTL") && length >= 8 && at + 12 <= d.length) {
        pages = (int) Math.max(1, Math.min(u32be(d, at + 8), MAX_PAGES));
      } else if (startsWith(d, at + 4, "eXIf")) {
        exif = Exif.read(d, at + 8, (int) Math.min(at + 8 + length, d.length));
      }
      pos += 12 + length;
    }
    return new Header(ImageFormat.PNG, (int) width, (int) height, alpha, pages, exif);
  }

  private static Header gif(byte[] d) {
    need(d, 6, 7, ImageFormat.GIF);
    int width = u16le(d, 6);
    int height = u16le(d, 8);
    int flags = u8(d, 10);
    int pos = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0);
    int frames = 0;
    boolean alpha = false;
    // Walk the blocks to count frames; a file cut short still counts the frames before the cut.
    while (pos < d.length && frames < MAX_PAGES) {
      int block = u8(d, pos);
      if (block == 0x21 && pos + 1 < d.length) {
        if (u8(d, pos + 1) == 0xF9 && frames == 0 && pos + 3 < d.length) {
          alpha = (u8(d, pos + 3) & 1) != 0;
        }
        pos = skipSubBlocks(d, pos + 2);
      } else if (block == 0x2C && pos + 10 <= d.length) {
        frames++;
        int local = u8(d, pos + 9);
        pos += 10 + ((local & 0x80) != 0 ? 3 << ((local & 7) + 1) : 0);
        pos = skipSubBlocks(d, pos + 1);
      } else {
        break;
      }
    }
    if (frames == 0) {
      throw invalid("the GIF holds no image");
    }
    return new Header(ImageFormat.GIF, width, height, alpha, frames, Exif.NONE);
  }

  private static int skipSubBlocks(byte[] d, int pos) {
    while (pos < d.length) {
      int size = u8(d, pos);
      pos += 1 + size;
      if (size == 0) {
        return pos;
      }
    }
    return d.length;
  }

  private static Header webp(byte[] d) {
    need(d, 12, 8, ImageFormat.WEBP);
    int data = 20;
    if (startsWith(d, 12, "VP8 ")) {
      need(d, data, 10, ImageFormat.WEBP);
      if (u8(d, data + 3) != 0x9D || u8(d, data + 4) != 0x01 || u8(d, data + 5) != 0x2A) {
        throw invalid("the WebP (VP8) frame has no start code");
      }
      return new Header(ImageFormat.WEBP, u16le(d, data + 6) & 0x3FFF, u16le(d, data + 8) & 0x3FFF,
          false, 1, Exif.NONE);
    }
    if (startsWith(d, 12, "VP8L")) {
      need(d, data, 5, ImageFormat.WEBP);
      if (u8(d, data) != 0x2F) {
        throw invalid("the WebP (VP8L) frame has no signature");
      }
      long bits = u32le(d, data + 1);
      return new Header(ImageFormat.WEBP, (int) (bits & 0x3FFF) + 1, (int) (bits >> 14 & 0x3FFF) + 1,
          (bits >> 28 & 1) != 0, 1, Exif.NONE);
    }
    if (startsWith(d, 12, "VP8X")) {
      need(d, data, 10, ImageFormat.WEBP);
      int flags = u8(d, data);
      int width = u24le(d, data + 4) + 1;
      int height = u24le(d, data + 7) + 1;
      boolean animated = (flags & 0x02) != 0;
      int frames = 0;
      Exif exif = Exif.NONE;
      long pos = 12;
      while (pos + 8 <= d.length && frames < MAX_PAGES) {
        int at = (int) pos;
        long size = u32le(d, at + 4);
        if (startsWith(d, at, "ANMF")) {
          frames++;
        } else if (startsWith(d, at, "EXIF")) {
          int body = at + 8;
          // Some writers keep the JPEG-style "Exif\0\0" prefix; the WebP spec says they should not.
          int tiff = startsWith(d, body, "Exif\0\0") ? body + 6 : body;
          exif = Exif.read(d, tiff, (int) Math.min(body + size, d.length));
        }
        pos += 8 + size + (size & 1);
      }
      return new Header(ImageFormat.WEBP, width, height, (flags & 0x10) != 0,
          animated ? Math.max(frames, 1) : 1, exif);
    }
    throw invalid("the WebP has no VP8, VP8L or VP8X chunk");
  }

  private static Header tiff(byte[] d) {
    TiffReader tiff = TiffReader.open(d, 0, d.length);
    long first = tiff.firstDirectory();
    List<TiffReader.Entry> entries = tiff.directory(first);
    long width = -1;
    long height = -1;
    long samples = 1;
    boolean extraSamples = false;
    for (TiffReader.Entry entry : entries) {
      switch (entry.tag()) {
        case 256 -> width = tiff.number(entry);
        case 257 -> height = tiff.number(entry);
        case 277 -> samples = tiff.number(entry);
        case 338 -> extraSamples = true;
        default -> { }
      }
    }
    if (width < 0 || height < 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw invalid("the TIFF has no valid ImageWidth and ImageLength");
    }
    return new Header(ImageFormat.TIFF, (int) width, (int) height, extraSamples && samples >= 2,
        pages(tiff, first), Exif.read(tiff, entries));
  }

  private static int pages(TiffReader tiff, long first) {
    Set<Long> seen = new HashSet<>();
    long next = first;
    // A chain that loops back or runs off the end stops the count; the first page still renders.
    while (next != 0 && seen.size() < MAX_PAGES && seen.add(next)) {
      try {
        next = tiff.nextDirectory(next);
      } catch (ImageException broken) {
        break;
      }
    }
    return Math.max(1, seen.size());
  }

  private static Header bmp(byte[] d) {
    need(d, 14, 4, ImageFormat.BMP);
    long dibSize = u32le(d, 14);
    if (dibSize == 12) {
      need(d, 18, 4, ImageFormat.BMP);
      return new Header(ImageFormat.BMP, u16le(d, 18), u16le(d, 20), false, 1, Exif.NONE);
    }
    if (dibSize < 40) {
      throw invalid("the BMP has an unknown header size " + dibSize);
    }
    need(d, 18, 12, ImageFormat.BMP);
    int width = (int) u32le(d, 18);
    int height = Math.abs((int) u32le(d, 22));
    int bitsPerPixel = u16le(d, 28);
    boolean alpha = bitsPerPixel == 32 && dibSize >= 56 && d.length >= 70 && u32le(d, 66) != 0;
    return new Header(ImageFormat.BMP, width, height, alpha, 1, Exif.NONE);
  }

  private static void need(byte[] d, int offset, int length, ImageFormat format) {
    if (offset + length > d.length) {
      throw invalid("the " + format.id() + " header is truncated (" + d.length + " bytes)");
    }
  }

  private static ImageException invalid(String message) {
    return new ImageException(ImageException.INVALID, message);
  }

  private static String megapixels(long pixels) {
    if (pixels < 1_000_000) {
      return pixels + " pixels";
    }
    return pixels % 1_000_000 == 0
        ? pixels / 1_000_000 + " MP"
        : String.format(Locale.ROOT, "%.1f MP", pixels / 1e6);
  }

  private static String mebibytes(long bytes) {
    return bytes < 1024 * 1024
        ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
        : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
