package io.cumulo.api.images;

/**
 * An image that cannot be processed, with a reason a person can read ("the JPEG is truncated",
 * "8000 x 20000 pixels is more than the 100 MP limit"). Retrying does not help: the input is bad.
 */
public class ImageException extends RuntimeException {
  /** The bytes are not an image of a known format, or it is corrupt or truncated. */
  public static final String INVALID = "InvalidImage";
  /** The image is larger than the configured pixel or byte limit. */
  public static final String TOO_LARGE = "ImageTooLarge";
  /** A valid image the engine cannot handle (an unsupported sub-format or output format). */
  public static final String UNSUPPORTED = "UnsupportedImage";

  private final String code;

  public ImageException(String code, String message) {
    super(message);
    this.code = code;
  }

  public ImageException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** {@link #INVALID}, {@link #TOO_LARGE} or {@link #UNSUPPORTED}. */
  public String code() {
    return code;
  }
}
