package io.cumulo.images;

import io.cumulo.api.images.ImageException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The two EXIF fields the engine uses: the orientation and when the photo was taken.
 *
 * @param orientation 1 (upright) to 8
 * @param takenAt {@code DateTimeOriginal} read as UTC, or null
 */
record Exif(int orientation, Instant takenAt) {
  static final Exif NONE = new Exif(1, null);

  private static final int ORIENTATION = 274;
  private static final int EXIF_DIRECTORY = 34665;
  private static final int DATE_TIME_ORIGINAL = 36867;
  private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss");

  /**
   * Reads the EXIF TIFF structure at {@code [start, end)}. Broken EXIF is common in real photos and
   * viewers ignore it, so a malformed block yields {@link #NONE} rather than refusing the image.
   */
  static Exif read(byte[] data, int start, int end) {
    try {
      TiffReader tiff = TiffReader.open(data, start, end);
      return read(tiff, tiff.directory(tiff.firstDirectory()));
    } catch (ImageException malformed) {
      return NONE;
    }
  }

  /** Reads the fields from a TIFF file's first directory, already parsed. */
  static Exif read(TiffReader tiff, List<TiffReader.Entry> firstDirectory) {
    int orientation = 1;
    Instant takenAt = null;
    for (TiffReader.Entry entry : firstDirectory) {
      try {
        if (entry.tag() == ORIENTATION) {
          long value = tiff.number(entry);
          orientation = value >= 1 && value <= 8 ? (int) value : 1;
        } else if (entry.tag() == EXIF_DIRECTORY) {
          takenAt = takenAt(tiff, tiff.number(entry));
        }
      } catch (ImageException malformed) {
        // One broken field must not hide the others.
      }
    }
    return new Exif(orientation, takenAt);
  }

  private static Instant takenAt(TiffReader tiff, long directory) {
    for (TiffReader.Entry entry : tiff.directory(directory)) {
      if (entry.tag() == DATE_TIME_ORIGINAL && entry.type() == 2) {
        try {
          return LocalDateTime.parse(tiff.text(entry, 19), EXIF_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException unreadable) {
          return null;
        }
      }
    }
    return null;
  }
}
