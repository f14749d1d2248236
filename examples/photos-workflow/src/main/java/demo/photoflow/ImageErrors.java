package demo.photoflow;

import io.cumulo.api.images.ImageException;

/**
 * The exceptions the image steps fail with. The workflow names a task's error by the simple class
 * name of the handler's exception, so each of these is an ASL error (InvalidImage, ImageTooLarge,
 * UnsupportedImage) that the definition's Retry can leave alone: a broken photo stays broken.
 */
final class ImageErrors {
  private ImageErrors() {}

  /** The bytes are not a readable image (truncated, corrupt, not an image at all). */
  static final class InvalidImage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidImage(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The image exceeds the platform's pixel or byte limit. */
  static final class ImageTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ImageTooLarge(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The image is in a format the engine cannot read. */
  static final class UnsupportedImage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedImage(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The engine's refusal as the named error of its code, keeping the engine's reason as the message. */
  static RuntimeException named(Photo photo, ImageException e) {
    String message = photo.key() + ": " + e.getMessage();
    return switch (e.code()) {
      case ImageException.TOO_LARGE -> new ImageTooLarge(message, e);
      case ImageException.UNSUPPORTED -> new UnsupportedImage(message, e);
      default -> new InvalidImage(message, e);
    };
  }
}
