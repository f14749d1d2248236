package io.cumulo.api.images;

import java.time.Instant;

/**
 * What an image's header says about it, read without decoding its pixels.
 *
 * @param format the file format found in the bytes (not the file name)
 * @param width the width in pixels as displayed, i.e. after the EXIF orientation is applied
 * @param height the height in pixels as displayed
 * @param orientation the EXIF orientation, 1 (upright) to 8; 1 when the image has none
 * @param hasAlpha whether the image has an alpha channel
 * @param pages how many frames or pages the file holds (1 for a still image); only the first is
 *     rendered
 * @param takenAt when the photo was taken (EXIF {@code DateTimeOriginal}, read as UTC), or null
 */
public record ImageInfo(ImageFormat format, int width, int height, int orientation, boolean hasAlpha,
    int pages, Instant takenAt) {

  /** Pixels as displayed: {@code width * height}. */
  public long pixels() {
    return (long) width * height;
  }
}
