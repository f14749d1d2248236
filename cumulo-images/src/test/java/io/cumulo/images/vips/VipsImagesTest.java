package io.cumulo.images.vips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import io.cumulo.images.ImageLimits;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VipsImagesTest {
  private static final Path SKIMAGE = Path.of("/usr/lib/python3/dist-packages/skimage/data");
  private static final List<ImageVariant> THREE_SIZES = List.of(
      ImageVariant.fit("large", 300, ImageFormat.JPEG),
      ImageVariant.fit("medium", 150, ImageFormat.PNG),
      ImageVariant.fit("small", 64, ImageFormat.WEBP));

  private static VipsImages images;

  @BeforeAll
  static void loadLibvips() {
    images = VipsImages.load(ImageLimits.defaults()).orElse(null);
    Assumptions.assumeTrue(images != null,
        "libvips is not installed (apt-get install libvips42); the libvips engine is not tested");
  }

  @Test
  void namesLibvipsAndItsVersion_whenLoaded() {
    assertThat(images.engine()).matches("libvips 8\\.\\d+\\.\\d+");
    assertThat(images.canWrite(ImageFormat.WEBP)).isTrue();
    assertThat(images.canWrite(ImageFormat.GIF)).isFalse();
  }

  static Stream<String> photos() {
    return Stream.of("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "retina.jpg",
        "hubble_deep_field.jpg", "camera.png", "logo.png", "chessboard_GRAY_U16.tif",
        "no_time_for_that_tiny.gif", "color.png", "motorcycle_left.png");
  }

  @ParameterizedTest
  @MethodSource("photos")
  void rendersUprightSrgbThumbnails_whenRealPhoto(String name) throws IOException {
    Path file = SKIMAGE.resolve(name);
    Assumptions.assumeTrue(Files.exists(file), "scikit-image sample photos are not installed "
        + "(apt-get install python3-skimage)");
    assertRendersWell(Files.readAllBytes(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cmyk.jpg", "rgb16.png", "animated.webp"})
  void rendersEightBitSrgb_whenCmykSixteenBitOrAnimated(String name) {
    assertRendersWell(resource(name));
  }

  @Test
  void rendersFirstFrame_whenAnimated() {
    byte[] webp = resource("animated.webp");
    ImageInfo info = images.probe(webp);
    assertThat(info.pages()).isEqualTo(24);
    assertThat(info.format()).isEqualTo(ImageFormat.WEBP);
    RenderedImage out = images.render(webp, List.of(ImageVariant.fit("a", 100, ImageFormat.PNG))).getFirst();
    assertThat(out.width()).isEqualTo(14);
    assertThat(out.height()).isEqualTo(25);
  }

  @Test
  void decodesOnceAndFitsEverySize_whenTwelveMegapixelJpeg() {
    byte[] jpeg = TestImages.encode(TestImages.photoLike(4000, 3000, 1), "jpg");
    List<RenderedImage> out = images.render(jpeg, List.of(
        ImageVariant.fit("256", 256, ImageFormat.JPEG),
        ImageVariant.fit("1024", 1024, ImageFormat.JPEG),
        ImageVariant.fit("512", 512, ImageFormat.WEBP)));
    assertThat(out).extracting(RenderedImage::name).containsExactly("256", "1024", "512");
    assertThat(out).extracting(RenderedImage::width).containsExactly(256, 1024, 512);
    assertThat(out).extracting(RenderedImage::height).containsExactly(192, 768, 384);
    BufferedImage large = TestImages.decode(out.get(1).data());
    assertThat(large.getWidth()).isEqualTo(1024);
    assertThat(large.getHeight()).isEqualTo(768);
  }

  @Test
  void appliesOrientationAndReadsDate_whenExifRotatedJpeg() {
    BufferedImage source = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = source.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 300, 100);
    g.setColor(Color.BLUE);
    g.fillRect(0, 100, 300, 100);
    g.dispose();
    // Orientation 6: the stored image must be turned 90 degrees clockwise to be upright, so its
    // top (red) ends up on the right.
    byte[] jpeg = TestImages.withExif(TestImages.encode(source, "jpg"), 6, "2021:06:15 08:30:00");

    ImageInfo info = images.probe(jpeg);
    assertThat(info.orientation()).isEqualTo(6);
    assertThat(info.width()).isEqualTo(200);
    assertThat(info.height()).isEqualTo(300);
    assertThat(info.takenAt()).isEqualTo(Instant.parse("2021-06-15T08:30:00Z"));

    RenderedImage out = images.render(jpeg, List.of(ImageVariant.fit("t", 150, ImageFormat.JPEG))).getFirst();
    assertThat(out.width()).isEqualTo(100);
    assertThat(out.height()).isEqualTo(150);
    assertThat(TestImages.contains(out.data(), "Exif")).isFalse();
    BufferedImage upright = TestImages.decode(out.data());
    assertThat(new Color(upright.getRGB(90, 75)).getRed()).isGreaterThan(200);
    assertThat(new Color(upright.getRGB(10, 75)).getBlue()).isGreaterThan(200);
  }

  @Test
  void convertsToSrgb_whenJpegEmbedsAnotherProfile() {
    // prophoto.jpg: flat (60, 160, 90) tagged with a ROMM (ProPhoto) RGB profile; in sRGB that
    // colour is about (0, 190, 94), which lcms gives for the same conversion.
    byte[] jpeg = resource("prophoto.jpg");
    RenderedImage out = images.render(jpeg, List.of(ImageVariant.fit("p", 32, ImageFormat.PNG))).getFirst();
    Color colour = new Color(TestImages.decode(out.data()).getRGB(16, 12));
    assertThat(colour.getRed()).isCloseTo(0, within(6));
    assertThat(colour.getGreen()).isCloseTo(190, within(6));
    assertThat(colour.getBlue()).isCloseTo(94, within(6));
    assertThat(TestImages.contains(out.data(), "iCCP")).isFalse();
  }

  @Test
  void flattensOnWhiteForJpegAndKeepsAlphaForPng_whenTransparent() {
    BufferedImage source = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = source.createGraphics();
    g.setColor(Color.GREEN);
    g.fillRect(0, 0, 50, 100);
    g.dispose();
    byte[] png = TestImages.encode(source, "png");
    assertThat(images.probe(png).hasAlpha()).isTrue();

    List<RenderedImage> out = images.render(png, List.of(
        ImageVariant.fit("jpeg", 100, ImageFormat.JPEG), ImageVariant.fit("png", 100, ImageFormat.PNG)));
    BufferedImage jpeg = TestImages.decode(out.get(0).data());
    assertThat(jpeg.getColorModel().hasAlpha()).isFalse();
    assertThat(new Color(jpeg.getRGB(90, 50))).isEqualTo(Color.WHITE);
    BufferedImage kept = TestImages.decode(out.get(1).data());
    assertThat(kept.getColorModel().hasAlpha()).isTrue();
    assertThat(kept.getRGB(90, 50) >>> 24).isZero();
    assertThat(kept.getRGB(10, 50) >>> 24).isEqualTo(255);
  }

  @Test
  void writesThreeChannels_whenGrayscaleInput() {
    BufferedImage gray = new BufferedImage(120, 80, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = gray.createGraphics();
    g.setColor(Color.LIGHT_GRAY);
    g.fillRect(0, 0, 60, 80);
    g.dispose();
    RenderedImage out = images.render(TestImages.encode(gray, "png"),
        List.of(ImageVariant.fit("g", 60, ImageFormat.JPEG))).getFirst();
    assertThat(TestImages.decode(out.data()).getRaster().getNumBands()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grayscale", "sepia", "blur", "sharpen", "vivid", "vintage"})
  void givesTheFiltersLook_whenFiltered(String filter) {
    byte[] photo = TestImages.encode(colourfulPhoto(), "png");
    List<RenderedImage> out = images.render(photo, List.of(
        ImageVariant.fit("plain", 200, ImageFormat.PNG),
        ImageVariant.filtered("filtered", 200, ImageFormat.PNG, filter)));
    BufferedImage plain = TestImages.decode(out.get(0).data());
    BufferedImage filtered = TestImages.decode(out.get(1).data());
    assertThat(filtered.getWidth()).isEqualTo(plain.getWidth());
    assertThat(filtered.getHeight()).isEqualTo(plain.getHeight());
    switch (filter) {
      case "grayscale" -> forEachPixel(filtered, c -> {
        assertThat(c.getRed()).isCloseTo(c.getGreen(), within(1));
        assertThat(c.getGreen()).isCloseTo(c.getBlue(), within(1));
      });
      case "sepia" -> forEachPixel(filtered, c -> {
        assertThat(c.getRed()).isGreaterThanOrEqualTo(c.getGreen());
        assertThat(c.getGreen()).isGreaterThanOrEqualTo(c.getBlue());
      });
      case "blur" -> assertThat(edgeEnergy(filtered)).isLessThan(edgeEnergy(plain) * 0.8);
      case "sharpen" -> assertThat(edgeEnergy(filtered)).isGreaterThan(edgeEnergy(plain) * 1.1);
      case "vivid" -> assertThat(saturation(filtered)).isGreaterThan(saturation(plain) * 1.2);
      case "vintage" -> {
        assertThat(minRed(filtered)).isGreaterThanOrEqualTo(15);
        assertThat(cornerToCentre(vintageOfGrey())).isLessThan(0.85);
      }
      default -> throw new IllegalArgumentException(filter);
    }
  }

  @Test
  void failsInvalid_whenEmptyRandomOrNotAnImage() {
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    assertFails(() -> images.probe(new byte[0]), ImageException.INVALID, "empty");
    assertFails(() -> images.probe(random), ImageException.INVALID, "not a JPEG");
    assertFails(() -> images.probe("%PDF-1.4\n".getBytes()), ImageException.INVALID, "not a JPEG");
    byte[] garbageAfterMagic = random.clone();
    garbageAfterMagic[0] = (byte) 0xFF;
    garbageAfterMagic[1] = (byte) 0xD8;
    garbageAfterMagic[2] = (byte) 0xFF;
    assertThatThrownBy(() -> images.render(garbageAfterMagic, THREE_SIZES))
        .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.code()).isEqualTo(ImageException.INVALID));
  }

  @Test
  void failsTooLargeWithoutDecoding_whenHeaderClaimsHugeDimensions() {
    byte[] jpeg = TestImages.jpegClaiming(TestImages.encode(TestImages.photoLike(64, 48, 2), "jpg"), 60000, 60000);
    byte[] png = TestImages.pngClaiming(TestImages.encode(TestImages.photoLike(64, 48, 3), "png"), 40000, 40000);
    long start = System.nanoTime();
    assertFails(() -> images.probe(jpeg), ImageException.TOO_LARGE, "60000 x 60000 pixels (3600 MP) is more than the 100 MP limit");
    assertFails(() -> images.render(jpeg, THREE_SIZES), ImageException.TOO_LARGE, "100 MP");
    assertFails(() -> images.render(png, THREE_SIZES), ImageException.TOO_LARGE, "40000 x 40000");
    // Decoding 3.6 gigapixels would take minutes and gigabytes; refusing from the header is instant.
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
  }

  @Test
  void failsTooLarge_whenOverTheByteOrPixelLimit() {
    byte[] jpeg = TestImages.encode(TestImages.photoLike(400, 300, 4), "jpg");
    Images small = VipsImages.load(new ImageLimits(100_000, 1 << 20)).orElseThrow();
    assertFails(() -> small.probe(jpeg), ImageException.TOO_LARGE, "400 x 300 pixels (120000 pixels) is more than the 100000 pixels limit");
    Images tiny = VipsImages.load(new ImageLimits(100_000_000, 1000)).orElseThrow();
    assertFails(() -> tiny.probe(jpeg), ImageException.TOO_LARGE, "more than the 1.0 KiB limit");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.3, 0.6, 0.9})
  void failsInvalid_whenJpegIsTruncated(double keptFraction) {
    byte[] jpeg = TestImages.encode(TestImages.photoLike(800, 600, 5), "jpg");
    assertFails(() -> images.render(TestImages.prefix(jpeg, keptFraction), THREE_SIZES),
        ImageException.INVALID, "the image is truncated or corrupt: Premature end");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gif", "tiff", "bmp", "png"})
  void failsInvalidWithReadableReason_whenFileIsCut(String format) {
    byte[] whole = TestImages.encode(TestImages.photoLike(200, 150, 12), format);
    for (double kept : new double[] {0.95, 0.6, 0.02}) {
      assertThatThrownBy(() -> images.render(TestImages.prefix(whole, kept), THREE_SIZES))
          .isInstanceOfSatisfying(ImageException.class, e -> {
            assertThat(e.code()).isEqualTo(ImageException.INVALID);
            assertThat(e.getMessage()).doesNotContain("Exception", "null", "@ error/", "Vips");
          });
    }
  }

  @Test
  void failsInvalid_whenPngIsTruncated() {
    byte[] png = TestImages.encode(TestImages.photoLike(300, 200, 6), "png");
    assertThatThrownBy(() -> images.render(TestImages.prefix(png, 0.5), THREE_SIZES))
        .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.code()).isEqualTo(ImageException.INVALID));
  }

  @Test
  void failsInvalid_whenRealTruncatedJpeg() throws IOException {
    Path file = SKIMAGE.resolve("truncated.jpg");
    Assumptions.assumeTrue(Files.exists(file), "scikit-image sample photos are not installed");
    byte[] jpeg = Files.readAllBytes(file);
    assertFails(() -> images.render(jpeg, THREE_SIZES), ImageException.INVALID, "Premature end of JPEG file");
  }

  @Test
  void failsUnsupported_whenAskedToWriteGif() {
    byte[] jpeg = TestImages.encode(TestImages.photoLike(40, 30, 8), "jpg");
    assertFails(() -> images.render(jpeg, List.of(ImageVariant.fit("g", 20, ImageFormat.GIF))),
        ImageException.UNSUPPORTED, "cannot write gif");
  }

  @Test
  void freesEveryPixelBuffer_whenRenderingManyTimes() {
    byte[] jpeg = TestImages.encode(TestImages.photoLike(160, 120, 9), "jpg");
    List<ImageVariant> variants = List.of(ImageVariant.fit("a", 80, ImageFormat.WEBP),
        ImageVariant.filtered("b", 40, ImageFormat.PNG, "vintage"));
    images.render(jpeg, variants);
    long before = images.trackedMemoryBytes();
    for (int i = 0; i < 1000; i++) {
      images.render(jpeg, variants);
      if (i % 10 == 0) {
        assertThatThrownBy(() -> images.render(TestImages.prefix(jpeg, 0.5), variants))
            .isInstanceOf(ImageException.class);
      }
    }
    assertThat(images.trackedMemoryBytes()).isEqualTo(before);
  }

  @Test
  void rendersCorrectly_whenCalledFromManyThreads() throws Exception {
    byte[] jpeg = TestImages.encode(TestImages.photoLike(800, 600, 10), "jpg");
    byte[] broken = TestImages.prefix(jpeg, 0.4);
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        boolean good = i % 2 == 0;
        results.add(pool.submit(() -> {
          if (good) {
            List<RenderedImage> out = images.render(jpeg, THREE_SIZES);
            assertThat(out).extracting(RenderedImage::width).containsExactly(300, 150, 64);
          } else {
            assertThatThrownBy(() -> images.render(broken, THREE_SIZES)).isInstanceOf(ImageException.class);
          }
          return null;
        }));
      }
      for (Future<?> result : results) {
        result.get();
      }
    }
  }

  private static void assertRendersWell(byte[] input) {
    ImageInfo info = images.probe(input);
    List<RenderedImage> out = images.render(input, THREE_SIZES);
    assertThat(out).hasSize(THREE_SIZES.size());
    for (int i = 0; i < out.size(); i++) {
      ImageVariant variant = THREE_SIZES.get(i);
      RenderedImage image = out.get(i);
      assertThat(image.name()).isEqualTo(variant.name());
      assertThat(image.format()).isEqualTo(variant.format());
      int longSide = Math.max(info.width(), info.height());
      int expectedLong = Math.min(longSide, variant.maxSize());
      assertThat(Math.max(image.width(), image.height())).isEqualTo(expectedLong);
      double scale = (double) expectedLong / longSide;
      assertThat(image.width()).isCloseTo((int) Math.round(info.width() * scale), within(1));
      assertThat(image.height()).isCloseTo((int) Math.round(info.height() * scale), within(1));
      assertThat(TestImages.contains(image.data(), "Exif")).as("Exif in " + image.format()).isFalse();
      assertThat(TestImages.contains(image.data(), "ICC_PROFILE")).isFalse();
      if (variant.format() == ImageFormat.WEBP) {
        assertThat(new String(image.data(), 8, 4)).isEqualTo("WEBP");
        ImageInfo written = images.probe(image.data());
        assertThat(written.width()).isEqualTo(image.width());
        assertThat(written.height()).isEqualTo(image.height());
      } else {
        BufferedImage decoded = TestImages.decode(image.data());
        assertThat(decoded.getWidth()).isEqualTo(image.width());
        assertThat(decoded.getHeight()).isEqualTo(image.height());
        assertThat(decoded.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
        assertThat(decoded.getColorModel().getComponentSize(0)).isEqualTo(8);
        assertThat(decoded.getRaster().getNumBands()).isIn(3, 4);
      }
      if (variant.format() == ImageFormat.PNG) {
        for (String chunk : List.of("eXIf", "iCCP", "tEXt", "zTXt", "iTXt")) {
          assertThat(TestImages.contains(image.data(), chunk)).as(chunk).isFalse();
        }
      }
    }
  }

  private static void assertFails(ThrowingCallable call, String code, String messagePart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ImageException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(messagePart);
    });
  }

  private static byte[] resource(String name) {
    try (InputStream in = VipsImagesTest.class.getResourceAsStream("/vips/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saturated colour patches with hard edges over a dark-to-light ramp, with seeded noise. */
  private static BufferedImage colourfulPhoto() {
    BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int x = 0; x < 300; x++) {
      g.setColor(new Color(x * 255 / 299, x * 255 / 299, x * 255 / 299));
      g.drawLine(x, 0, x, 199);
    }
    Color[] patches = {new Color(200, 40, 40), new Color(40, 160, 60), new Color(50, 70, 200),
        new Color(220, 200, 60)};
    for (int i = 0; i < patches.length; i++) {
      g.setColor(patches[i]);
      g.fillRect(30 + i * 65, 60, 50, 80);
    }
    g.dispose();
    Random random = new Random(11);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 300; x++) {
        Color c = new Color(image.getRGB(x, y));
        int noise = random.nextInt(21) - 10;
        image.setRGB(x, y, new Color(clamp(c.getRed() + noise), clamp(c.getGreen() + noise),
            clamp(c.getBlue() + noise)).getRGB());
      }
    }
    return image;
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }

  private static void forEachPixel(BufferedImage image, java.util.function.Consumer<Color> check) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        check.accept(new Color(image.getRGB(x, y)));
      }
    }
  }

  private static double edgeEnergy(BufferedImage image) {
    double sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 1; x < image.getWidth(); x++) {
        sum += Math.abs(new Color(image.getRGB(x, y)).getGreen() - new Color(image.getRGB(x - 1, y)).getGreen());
      }
    }
    return sum;
  }

  private static double saturation(BufferedImage image) {
    double[] sum = {0};
    forEachPixel(image, c -> sum[0] += Math.max(c.getRed(), Math.max(c.getGreen(), c.getBlue()))
        - Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue())));
    return sum[0];
  }

  private static int minRed(BufferedImage image) {
    int[] min = {255};
    forEachPixel(image, c -> min[0] = Math.min(min[0], c.getRed()));
    return min[0];
  }

  private static BufferedImage vintageOfGrey() {
    BufferedImage grey = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grey.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 300, 200);
    g.dispose();
    return TestImages.decode(images.render(TestImages.encode(grey, "png"),
        List.of(ImageVariant.filtered("v", 300, ImageFormat.PNG, "vintage"))).getFirst().data());
  }

  /** Brightness of the bottom-right corner over the centre's. */
  private static double cornerToCentre(BufferedImage image) {
    Color corner = new Color(image.getRGB(image.getWidth() - 1, image.getHeight() - 1));
    Color middle = new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
    return (double) (corner.getRed() + corner.getGreen() + corner.getBlue())
        / (middle.getRed() + middle.getGreen() + middle.getBlue());
  }
}
