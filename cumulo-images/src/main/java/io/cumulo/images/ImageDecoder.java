package io.cumulo.images;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Decodes the first frame of an image with ImageIO (TwelveMonkeys readers for CMYK JPEG, TIFF,
 * WebP and BMP) into an sRGB int raster: {@code TYPE_INT_RGB}, or {@code TYPE_INT_ARGB_PRE} when
 * the image has alpha. Truncated files are refused rather than decoded with grey or black holes.
 */
final class ImageDecoder {
  private ImageDecoder() {}

  /**
   * Decodes {@code data}, keeping every {@code subsampling}-th pixel in each direction (1 keeps
   * all), which bounds memory by the output rather than by the photo.
   */
  static BufferedImage decode(byte[] data, ImageInfo info, int subsampling) {
    ImageFormat format = info.format();
    if (format == ImageFormat.JPEG && !DecodeChecks.jpegIsComplete(data)) {
      throw new ImageException(ImageException.INVALID,
          "the JPEG is truncated: it has no end-of-image marker");
    }
    if (format == ImageFormat.PNG && !DecodeChecks.pngIsComplete(data)) {
      throw new ImageException(ImageException.INVALID, "the PNG is truncated: it has no IEND chunk");
    }
    BufferedImage decoded;
    // Reads the caller's array in place: a memory-cached stream would copy a 100 MiB upload again.
    try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
      ImageReader reader = reader(format);
      try {
        // GIF frames carry their offset on the canvas in the metadata; other formats do not need it.
        reader.setInput(in, true, format != ImageFormat.GIF);
        PrematureEnd warnings = new PrematureEnd();
        reader.addIIOReadWarningListener(warnings);
        ImageReadParam param = reader.getDefaultReadParam();
        if (subsampling > 1) {
          param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        }
        decoded = reader.read(0, param);
        if (warnings.message != null) {
          throw new ImageException(ImageException.INVALID,
              "the " + format.id() + " is truncated or corrupt: " + warnings.message);
        }
        if (format == ImageFormat.GIF) {
          decoded = onCanvas(decoded, reader.getImageMetadata(0), info, subsampling);
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageException imageException) {
        throw imageException;
      }
      throw new ImageException(ImageException.INVALID,
          "the " + format.id() + " could not be decoded: " + reason(e), e);
    }
    return toSrgb(decoded, format == ImageFormat.PNG ? pngProfile(data) : null);
  }

  /** A reason a person can read; readers often throw an EOFException without a message. */
  private static String reason(Exception e) {
    if (e instanceof EOFException) {
      return "it ends too early (truncated)";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? "it is corrupt" : message;
  }

  private static ImageReader reader(ImageFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.id());
    if (!readers.hasNext()) {
      throw new ImageException(ImageException.UNSUPPORTED,
          "the Java image engine has no " + format.id() + " reader");
    }
    return readers.next();
  }

  /** Remembers a reader warning that means data is missing (libjpeg's "Premature end ..."). */
  private static final class PrematureEnd implements IIOReadWarningListener {
    private String message;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String lower = warning.toLowerCase(Locale.ROOT);
      if (message == null && (lower.contains("premature end") || lower.contains("truncated"))) {
        message = warning;
      }
    }
  }

  /**
   * Places a GIF's first frame at its offset on the logical screen, as a viewer shows it; both
   * are divided by the {@code subsampling} the frame was read with.
   */
  private static BufferedImage onCanvas(BufferedImage frame, IIOMetadata metadata, ImageInfo info,
      int subsampling) {
    int width = (info.width() + subsampling - 1) / subsampling;
    int height = (info.height() + subsampling - 1) / subsampling;
    if (frame.getWidth() == width && frame.getHeight() == height) {
      return frame;
    }
    int left = 0;
    int top = 0;
    Node root = metadata.getAsTree(metadata.getNativeMetadataFormatName());
    for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node.getNodeName().equals("ImageDescriptor")) {
        NamedNodeMap attributes = node.getAttributes();
        left = Integer.parseInt(attributes.getNamedItem("imageLeftPosition").getNodeValue());
        top = Integer.parseInt(attributes.getNamedItem("imageTopPosition").getNodeValue());
      }
    }
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB_PRE);
    Graphics2D g = canvas.createGraphics();
    try {
      g.drawImage(frame, left / subsampling, top / subsampling, null);
    } finally {
      g.dispose();
    }
    return canvas;
  }

  /** The PNG's embedded RGB profile, or null when it has none, a broken one or a grey one. */
  private static ICC_Profile pngProfile(byte[] data) {
    byte[] bytes = DecodeChecks.pngIccProfile(data);
    if (bytes == null) {
      return null;
    }
    try {
      ICC_Profile profile = ICC_Profile.getInstance(bytes);
      return profile.getColorSpaceType() == ColorSpace.TYPE_RGB ? profile : null;
    } catch (IllegalArgumentException broken) {
      // Browsers show an image with a broken profile as sRGB; so do we.
      return null;
    }
  }

  /**
   * The image in sRGB. An embedded ICC profile (Adobe RGB, Display P3, ...) that the reader kept
   * as the colour space is converted; CMYK and YCCK JPEGs arrive already converted by TwelveMonkeys.
   * {@code ignoredProfile} is a profile the reader did not apply (PNG's iCCP), or null.
   */
  private static BufferedImage toSrgb(BufferedImage image, ICC_Profile ignoredProfile) {
    boolean alpha = image.getColorModel().hasAlpha();
    int type = alpha ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB;
    ColorSpace space = image.getColorModel().getColorSpace();
    if (space.getType() == ColorSpace.TYPE_GRAY && image.getColorModel() instanceof ComponentColorModel) {
      return fromGray(image, alpha);
    }
    if (space instanceof ICC_ColorSpace && !space.isCS_sRGB() && space.getType() == ColorSpace.TYPE_RGB) {
      return Rasters.convert(convertColors(image, alpha), type);
    }
    if (ignoredProfile != null) {
      BufferedImage straight = Rasters.convert(image,
          alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
      // The same pixels, now labelled with the colour space they were encoded in.
      DirectColorModel labelled = new DirectColorModel(new ICC_ColorSpace(ignoredProfile),
          alpha ? 32 : 24, 0xFF0000, 0xFF00, 0xFF, alpha ? 0xFF000000 : 0, false, DataBuffer.TYPE_INT);
      BufferedImage tagged = new BufferedImage(labelled, straight.getRaster(), false, null);
      return Rasters.convert(convertColors(tagged, alpha), type);
    }
    return Rasters.convert(image, type);
  }

  private static BufferedImage convertColors(BufferedImage image, boolean alpha) {
    BufferedImage srgb = new BufferedImage(image.getWidth(), image.getHeight(),
        alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    new ColorConvertOp(null).filter(image, srgb);
    return srgb;
  }

  /**
   * Grey levels copied into R, G and B. Java2D would treat a grey colour space as linear and
   * brighten 16-bit grey images; files store grey with the same gamma as sRGB.
   */
  private static BufferedImage fromGray(BufferedImage image, boolean alpha) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    int max = (1 << image.getColorModel().getComponentSize(0)) - 1;
    int alphaMax = alpha ? (1 << image.getColorModel().getComponentSize(1)) - 1 : 1;
    BufferedImage out = new BufferedImage(w, h,
        alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    int[] dst = Rasters.pixels(out);
    int[] grey = new int[w];
    int[] opacity = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, grey);
      if (alpha) {
        raster.getSamples(0, y, w, 1, 1, opacity);
      }
      for (int x = 0; x < w; x++) {
        int v = (int) ((grey[x] * 255L + max / 2) / max);
        int a = alpha ? (int) ((opacity[x] * 255L + alphaMax / 2) / alphaMax) : 0xFF;
        dst[y * w + x] = a << 24 | v << 16 | v << 8 | v;
      }
    }
    return alpha ? Rasters.convert(out, BufferedImage.TYPE_INT_ARGB_PRE) : out;
  }
}
