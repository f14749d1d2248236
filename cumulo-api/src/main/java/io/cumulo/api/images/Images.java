package io.cumulo.api.images;

import java.util.List;

/**
 * The platform's image engine (libvips when installed, pure Java otherwise): reading headers,
 * making thumbnails and applying preset filters. Input is checked before it is decoded: images
 * above the pixel or byte limit, truncated or corrupt files and non-images fail with an
 * {@link ImageException} and use no more memory than their header.
 *
 * <p>Every output is upright (the EXIF orientation applied), in sRGB (an embedded ICC profile
 * converted), and carries no metadata. Animated images render their first frame.
 */
public interface Images {

  /** The preset filters, by name. */
  List<String> FILTERS = List.of("grayscale", "sepia", "blur", "sharpen", "vivid", "vintage");

  /** The engine in use, e.g. {@code libvips 8.14.1} or {@code java}. */
  String engine();

  /** Whether this engine can write the format (JPEG and PNG always; WebP with libvips). */
  boolean canWrite(ImageFormat format);

  /**
   * Reads an image's header.
   *
   * @throws ImageException when the bytes are not a readable image or it exceeds the limits
   */
  ImageInfo probe(byte[] image);

  /**
   * Decodes the image once and renders every variant from it, largest first, each smaller one
   * derived from the larger (so asking for 1024, 512 and 256 decodes only enough for 1024).
   *
   * @return the outputs in the order of {@code variants}
   * @throws ImageException when the image is bad or too large, or a format cannot be written
   */
  List<RenderedImage> render(byte[] image, List<ImageVariant> variants);
}
