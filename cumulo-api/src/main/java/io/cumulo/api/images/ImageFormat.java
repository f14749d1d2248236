package io.cumulo.api.images;

import java.util.Locale;

/** Image file formats: every one can be read; {@link Images#canWrite} says which can be written. */
public enum ImageFormat {
  JPEG("image/jpeg", "jpg"),
  PNG("image/png", "png"),
  WEBP("image/webp", "webp"),
  GIF("image/gif", "gif"),
  TIFF("image/tiff", "tif"),
  BMP("image/bmp", "bmp");

  private final String contentType;
  private final String extension;

  ImageFormat(String contentType, String extension) {
    this.contentType = contentType;
    this.extension = extension;
  }

  /** The MIME type, e.g. {@code image/jpeg}. */
  public String contentType() {
    return contentType;
  }

  /** The usual file name extension without the dot, e.g. {@code jpg}. */
  public String extension() {
    return extension;
  }

  /** The lower-case name used in manifests and URLs, e.g. {@code jpeg}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
