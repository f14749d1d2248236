package io.cumulo.images.vips;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.images.vips.Vips.Strings;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The native side of one probe or render, used by one thread: the input copied into native memory,
 * every image the call creates, and the scratch memory of its arguments. {@link #close} unrefs the
 * images (libvips pipelines hold their own references to what they read, so the order is free) and
 * only then frees the input they may still point into.
 *
 * <p>Each operation returns a new image owned by this scope; a failed operation throws an
 * {@link ImageException} carrying libvips' reason.
 */
final class VipsScope implements AutoCloseable {
  private final Vips vips;
  private final Arena arena = Arena.ofConfined();
  private final List<MemorySegment> images = new ArrayList<>();

  VipsScope(Vips vips) {
    this.vips = vips;
  }

  /** Copies the encoded file into native memory that lives as long as this scope. */
  MemorySegment copyIn(byte[] data) {
    return arena.allocateFrom(JAVA_BYTE, data);
  }

  /** Opens an image lazily: the header is read, the pixels are not decoded. */
  MemorySegment header(MemorySegment file) {
    MemorySegment image = call(() -> (MemorySegment) vips.newFromBuffer.invokeExact(file,
        file.byteSize(), Strings.EMPTY, MemorySegment.NULL));
    if (image.equals(MemorySegment.NULL)) {
      throw failure("the image header is unreadable");
    }
    return own(image);
  }

  /**
   * Shrink-on-load thumbnail fitting {@code size x size}, never enlarged, upright; a truncated file
   * fails when its pixels are computed.
   *
   * @param hasProfile whether the file embeds an ICC profile, which is then converted to sRGB.
   *     Without one the pixels are taken as sRGB already: asking libvips for an sRGB export anyway
   *     would build an sRGB-to-sRGB colour transform on every call (~10 ms of CPU for nothing).
   */
  MemorySegment thumbnail(MemorySegment file, int size, boolean hasProfile) {
    MemorySegment out = outSlot();
    MemorySegment profileName = hasProfile ? Strings.EXPORT_PROFILE : MemorySegment.NULL;
    MemorySegment profile = hasProfile ? Strings.SRGB : MemorySegment.NULL;
    int rc = call(() -> (int) vips.thumbnailBuffer.invokeExact(file, file.byteSize(), out, size,
        Strings.HEIGHT, size, Strings.SIZE, vips.sizeDown,
        Strings.OPTION_STRING, Strings.FAIL_ON_TRUNCATED, profileName, profile, MemorySegment.NULL));
    return result(rc, out, "the image is truncated or corrupt");
  }

  boolean hasField(MemorySegment image, MemorySegment name) {
    return call(() -> (long) vips.getTypeof.invokeExact(image, name)) != 0;
  }

  /** Computes the image's pixels into memory, so later outputs read them instead of re-decoding. */
  MemorySegment materialize(MemorySegment image) {
    MemorySegment copy = call(() -> (MemorySegment) vips.copyMemory.invokeExact(image));
    if (copy.equals(MemorySegment.NULL)) {
      throw failure("the image is truncated or corrupt");
    }
    return own(copy);
  }

  MemorySegment resize(MemorySegment image, double scale) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.resize.invokeExact(image, out, scale, MemorySegment.NULL));
    return result(rc, out, "resizing failed");
  }

  /** To sRGB with 8 bits per band: grey, 16-bit and CMYK images all become plain sRGB. */
  MemorySegment srgb(MemorySegment image) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.colourspace.invokeExact(image, out, vips.interpretationSrgb,
        MemorySegment.NULL));
    MemorySegment converted = result(rc, out, "colour conversion failed");
    return castUchar(converted);
  }

  /** Rounds down and clips to 0..255. */
  MemorySegment castUchar(MemorySegment image) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.cast.invokeExact(image, out, vips.formatUchar, MemorySegment.NULL));
    return result(rc, out, "casting failed");
  }

  /** Each output band is the weighted sum of the input bands, one row of {@code rows} per output band. */
  MemorySegment recomb(MemorySegment image, double[][] rows) {
    MemorySegment matrix = matrix(rows);
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.recomb.invokeExact(image, out, matrix, MemorySegment.NULL));
    return result(rc, out, "recombining bands failed");
  }

  private MemorySegment matrix(double[][] rows) {
    int width = rows[0].length;
    MemorySegment values = arena.allocate(JAVA_DOUBLE, (long) rows.length * width);
    for (int r = 0; r < rows.length; r++) {
      MemorySegment.copy(rows[r], 0, values, JAVA_DOUBLE, (long) r * width * Double.BYTES, width);
    }
    MemorySegment matrix = call(() -> (MemorySegment) vips.matrixFromArray.invokeExact(width,
        rows.length, values, rows.length * width));
    if (matrix.equals(MemorySegment.NULL)) {
      throw failure("making a matrix failed");
    }
    return own(matrix);
  }

  /** {@code out = in * a + b}, band by band ({@code a} and {@code b} have one entry per band or one). */
  MemorySegment linear(MemorySegment image, double[] a, double[] b) {
    MemorySegment aValues = arena.allocateFrom(JAVA_DOUBLE, a);
    MemorySegment bValues = arena.allocateFrom(JAVA_DOUBLE, b);
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.linear.invokeExact(image, out, aValues, bValues, a.length,
        MemorySegment.NULL));
    return result(rc, out, "linear transform failed");
  }

  MemorySegment multiply(MemorySegment left, MemorySegment right) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.multiply.invokeExact(left, right, out, MemorySegment.NULL));
    return result(rc, out, "multiplying failed");
  }

  MemorySegment add(MemorySegment left, MemorySegment right) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.add.invokeExact(left, right, out, MemorySegment.NULL));
    return result(rc, out, "adding failed");
  }

  MemorySegment gaussianBlur(MemorySegment image, double sigma) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.gaussblur.invokeExact(image, out, sigma, MemorySegment.NULL));
    return result(rc, out, "blurring failed");
  }

  MemorySegment bands(MemorySegment image, int first, int count) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.extractBands.invokeExact(image, out, first, Strings.N, count,
        MemorySegment.NULL));
    return result(rc, out, "extracting bands failed");
  }

  MemorySegment band(MemorySegment image, int index) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.extractBand.invokeExact(image, out, index, MemorySegment.NULL));
    return result(rc, out, "extracting a band failed");
  }

  MemorySegment join(MemorySegment first, MemorySegment second) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.bandjoin2.invokeExact(first, second, out, MemorySegment.NULL));
    return result(rc, out, "joining bands failed");
  }

  /** A two-band image whose pixels are their own x and y coordinates. */
  MemorySegment coordinates(int width, int height) {
    MemorySegment out = outSlot();
    int rc = call(() -> (int) vips.xyz.invokeExact(out, width, height, MemorySegment.NULL));
    return result(rc, out, "making coordinates failed");
  }

  /** Blends the alpha channel onto white, for formats without transparency. */
  MemorySegment flattenOnWhite(MemorySegment image) {
    MemorySegment white = arena.allocateFrom(JAVA_DOUBLE, 255, 255, 255);
    MemorySegment background = call(() -> (MemorySegment) vips.arrayDoubleNew.invokeExact(white, 3));
    MemorySegment out = outSlot();
    try {
      int rc = call(() -> (int) vips.flatten.invokeExact(image, out, Strings.BACKGROUND, background,
          MemorySegment.NULL));
      return result(rc, out, "flattening alpha failed");
    } finally {
      call(() -> {
        vips.areaUnref.invokeExact(background);
        return null;
      });
    }
  }

  /** Encodes without metadata; {@code quality} is ignored for PNG. */
  byte[] save(MemorySegment image, ImageFormat format, int quality) {
    MemorySegment buffer = outSlot();
    MemorySegment length = arena.allocate(JAVA_LONG);
    int rc = call(() -> switch (format) {
      case JPEG -> (int) vips.jpegsaveBuffer.invokeExact(image, buffer, length, Strings.Q, quality,
          vips.stripOption, vips.stripValue, MemorySegment.NULL);
      case WEBP -> (int) vips.webpsaveBuffer.invokeExact(image, buffer, length, Strings.Q, quality,
          vips.stripOption, vips.stripValue, MemorySegment.NULL);
      case PNG -> (int) vips.pngsaveBuffer.invokeExact(image, buffer, length, vips.stripOption,
          vips.stripValue, MemorySegment.NULL);
      default -> throw new ImageException(ImageException.UNSUPPORTED,
          "libvips engine cannot write " + format.id());
    });
    if (rc != 0) {
      throw failure("encoding " + format.id() + " failed");
    }
    MemorySegment data = buffer.get(ADDRESS, 0);
    try {
      byte[] encoded = data.reinterpret(length.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
      return format == ImageFormat.WEBP ? WebpMetadata.strip(encoded) : encoded;
    } finally {
      vips.free(data);
    }
  }

  int width(MemorySegment image) {
    return call(() -> (int) vips.getWidth.invokeExact(image));
  }

  int height(MemorySegment image) {
    return call(() -> (int) vips.getHeight.invokeExact(image));
  }

  int bandCount(MemorySegment image) {
    return call(() -> (int) vips.getBands.invokeExact(image));
  }

  boolean hasAlpha(MemorySegment image) {
    return call(() -> (int) vips.hasAlpha.invokeExact(image)) != 0;
  }

  /** An integer header field, if the image has it. */
  OptionalInt intField(MemorySegment image, MemorySegment name) {
    if (!hasField(image, name)) {
      return OptionalInt.empty();
    }
    MemorySegment value = arena.allocate(JAVA_INT);
    int rc = call(() -> (int) vips.getInt.invokeExact(image, name, value));
    if (rc != 0) {
      vips.takeError();
      return OptionalInt.empty();
    }
    return OptionalInt.of(value.get(JAVA_INT, 0));
  }

  /** A string header field (libvips renders EXIF fields as text), if the image has it. */
  Optional<String> stringField(MemorySegment image, MemorySegment name) {
    if (!hasField(image, name)) {
      return Optional.empty();
    }
    MemorySegment value = outSlot();
    int rc = call(() -> (int) vips.getString.invokeExact(image, name, value));
    if (rc != 0) {
      vips.takeError();
      return Optional.empty();
    }
    return Optional.of(value.get(ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0));
  }

  @Override
  public void close() {
    for (MemorySegment image : images) {
      vips.unref(image);
    }
    images.clear();
    arena.close();
  }

  private MemorySegment outSlot() {
    MemorySegment slot = arena.allocate(ADDRESS);
    slot.set(ADDRESS, 0, MemorySegment.NULL);
    return slot;
  }

  private MemorySegment result(int rc, MemorySegment out, String what) {
    MemorySegment image = out.get(ADDRESS, 0);
    if (rc != 0 || image.equals(MemorySegment.NULL)) {
      if (!image.equals(MemorySegment.NULL)) {
        own(image);
      }
      throw failure(what);
    }
    return own(image);
  }

  private MemorySegment own(MemorySegment image) {
    images.add(image);
    return image;
  }

  private ImageException failure(String what) {
    return new ImageException(ImageException.INVALID, what + ": " + vips.takeError());
  }

  private static <T> T call(NativeCall<T> call) {
    try {
      return call.invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("libvips call failed", e);
    }
  }

  @FunctionalInterface
  private interface NativeCall<T> {
    T invoke() throws Throwable;
  }
}
