package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageRenderTest {
  private static final List<ImageVariant> THUMBNAILS = List.of(
      ImageVariant.fit("large", 1024, ImageFormat.JPEG),
      ImageVariant.fit("medium", 256, ImageFormat.PNG),
      ImageVariant.fit("small", 64, ImageFormat.JPEG));

  static List<Images> engines() {
    return RenderedOutputs.engines();
  }

  static Stream<Arguments> photos() {
    List<Arguments> cases = new ArrayList<>();
    for (Images engine : engines()) {
      for (String photo : List.of("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg",
          "motorcycle_left.png", "hubble_deep_field.jpg", "retina.jpg")) {
        cases.add(Arguments.of(engine, photo));
      }
    }
    return cases.stream();
  }

  /** Renders {@code THUMBNAILS} and checks every output against the source's displayed size. */
  private static List<BufferedImage> renderAndCheck(Images images, byte[] source) {
    ImageInfo info = images.probe(source);
    List<RenderedImage> outputs = images.render(source, THUMBNAILS);
    assertThat(outputs).extracting(RenderedImage::name).containsExactly("large", "medium", "small");
    List<BufferedImage> decoded = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      decoded.add(RenderedOutputs.assertValid(outputs.get(i), THUMBNAILS.get(i), info.width(),
          info.height()));
    }
    return decoded;
  }

  @ParameterizedTest
  @MethodSource("photos")
  void makesThumbnails_whenRealPhoto(Images images, String photo) {
    assumeTrue(Files.exists(TestImages.SKIMAGE.resolve(photo)), "python3-skimage is not installed");

    renderAndCheck(images, TestImages.skimage(photo));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void makesThumbnails_whenLargeJpeg(Images images) {
    BufferedImage large = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = large.createGraphics();
    g.drawImage(TestImages.pattern(400, 300), 0, 0, 4000, 3000, null);
    g.dispose();

    List<BufferedImage> outputs = renderAndCheck(images, TestImages.jpeg(large));

    assertThat(outputs.getFirst().getWidth()).isEqualTo(1024);
    assertThat(outputs.getFirst().getHeight()).isEqualTo(768);
  }

  /** Each EXIF orientation, and where the stored top-left corner must appear once upright. */
  static Stream<Arguments> orientations() {
    List<Arguments> cases = new ArrayList<>();
    for (Images engine : engines()) {
      cases.add(Arguments.of(engine, 1, false, false));
      cases.add(Arguments.of(engine, 2, true, false));
      cases.add(Arguments.of(engine, 3, true, true));
      cases.add(Arguments.of(engine, 4, false, true));
      cases.add(Arguments.of(engine, 5, false, false));
      cases.add(Arguments.of(engine, 6, true, false));
      cases.add(Arguments.of(engine, 7, true, true));
      cases.add(Arguments.of(engine, 8, false, true));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "orientation {1}")
  @MethodSource("orientations")
  void turnsImageUpright_whenExifHasOrientation(Images images, int orientation, boolean right,
      boolean bottom) {
    byte[] jpeg = TestImages.withSegment(TestImages.jpeg(TestImages.markedCorner(90, 60)),
        TestImages.exifSegment(orientation, null));
    boolean turned = orientation >= 5;
    int width = turned ? 60 : 90;
    int height = turned ? 90 : 60;
    ImageVariant variant = ImageVariant.fit("upright", 90, ImageFormat.PNG);

    RenderedImage output = images.render(jpeg, List.of(variant)).getFirst();

    BufferedImage upright = RenderedOutputs.assertValid(output, variant, width, height);
    assertThat(upright.getWidth()).isEqualTo(width);
    assertThat(upright.getHeight()).isEqualTo(height);
    int markX = right ? width - 4 : 3;
    int markY = bottom ? height - 4 : 3;
    assertThat(TestImages.rgb(upright, markX, markY)[0]).as("red at the marked corner").isGreaterThan(200);
    assertThat(TestImages.rgb(upright, width - 1 - markX, height - 1 - markY)[0])
        .as("not red at the opposite corner").isLessThan(60);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void convertsToRgb_whenJpegIsCmyk(Images images) {
    byte[] cmyk = TestImages.resource("cmyk.jpg");
    ImageVariant variant = ImageVariant.fit("rgb", 32, ImageFormat.JPEG);

    RenderedImage output = images.render(cmyk, List.of(variant)).getFirst();

    int[] rgb = TestImages.rgb(RenderedOutputs.assertValid(output, variant, 64, 48), 16, 12);
    assertThat(rgb[0]).as("red").isGreaterThan(150);
    assertThat(rgb[1]).as("green").isLessThan(100);
    assertThat(rgb[2]).as("blue").isLessThan(100);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void convertsToSrgb_whenJpegEmbedsAnotherIccProfile(Images images) {
    // Mid grey in linear-light RGB is much lighter in sRGB (about 188): the value shows whether
    // the profile was applied or ignored (which leaves 128).
    byte[] jpeg = TestImages.withSegment(TestImages.jpeg(TestImages.solid(48, 32, new Color(128, 128, 128))),
        TestImages.iccSegment(TestImages.linearRgbProfile()));
    ImageVariant variant = ImageVariant.fit("srgb", 48, ImageFormat.PNG);

    RenderedImage output = images.render(jpeg, List.of(variant)).getFirst();

    int[] rgb = TestImages.rgb(RenderedOutputs.assertValid(output, variant, 48, 32), 24, 16);
    assertThat(rgb[1]).isBetween(175, 200);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void convertsToSrgb_whenPngEmbedsAnotherIccProfile(Images images) {
    byte[] png = TestImages.withIccChunk(TestImages.png(TestImages.solid(48, 32, new Color(128, 128, 128))),
        TestImages.linearRgbProfile());
    ImageVariant variant = ImageVariant.fit("srgb", 24, ImageFormat.JPEG);

    RenderedImage output = images.render(png, List.of(variant)).getFirst();

    int[] rgb = TestImages.rgb(RenderedOutputs.assertValid(output, variant, 48, 32), 12, 8);
    assertThat(rgb[1]).isBetween(175, 200);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void keepsGreyLevels_whenPngIsSixteenBitGrey(Images images) {
    BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = grey.getRaster();
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        raster.setSample(x, y, 0, 0x6464);
      }
    }
    ImageVariant variant = ImageVariant.fit("grey", 20, ImageFormat.JPEG);

    RenderedImage output = images.render(TestImages.png(grey), List.of(variant)).getFirst();

    int[] rgb = TestImages.rgb(RenderedOutputs.assertValid(output, variant, 40, 30), 10, 7);
    assertThat(rgb[0]).isBetween(97, 103);
    assertThat(rgb[1]).isBetween(97, 103);
    assertThat(rgb[2]).isBetween(97, 103);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void keepsColours_whenPngIsSixteenBitRgb(Images images) {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(40, 30);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        raster.setPixel(x, y, new int[] {0xC8C8, 0x3232, 0x6464});
      }
    }
    BufferedImage deep = new BufferedImage(model, raster, false, null);
    ImageVariant variant = ImageVariant.fit("deep", 40, ImageFormat.PNG);

    RenderedImage output = images.render(TestImages.png(deep), List.of(variant)).getFirst();

    int[] rgb = TestImages.rgb(RenderedOutputs.assertValid(output, variant, 40, 30), 20, 15);
    assertThat(rgb).containsExactly(200, 50, 100);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void keepsGreyLevels_whenPngIsEightBitGrey(Images images) {
    BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = grey.createGraphics();
    g.setColor(new Color(100, 100, 100));
    g.fillRect(0, 0, 40, 30);
    g.dispose();
    ImageVariant variant = ImageVariant.fit("grey", 40, ImageFormat.PNG);

    RenderedImage output = images.render(TestImages.png(grey), List.of(variant)).getFirst();

    assertThat(TestImages.rgb(RenderedOutputs.assertValid(output, variant, 40, 30), 20, 15))
        .containsExactly(100, 100, 100);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void keepsGreyAndAlpha_whenPngIsGreyWithAlpha(Images images) {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
        true, false, java.awt.Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(40, 30);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        raster.setPixel(x, y, new int[] {100, x < 20 ? 255 : 0});
      }
    }
    byte[] png = TestImages.png(new BufferedImage(model, raster, false, null));
    ImageVariant variant = ImageVariant.fit("grey", 40, ImageFormat.PNG);

    RenderedImage output = images.render(png, List.of(variant)).getFirst();

    BufferedImage decoded = RenderedOutputs.assertValid(output, variant, 40, 30);
    assertThat(decoded.getRGB(5, 15)).isEqualTo(0xFF646464);
    assertThat(decoded.getRGB(35, 15) >>> 24).isZero();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void keepsAlphaInPngAndFlattensOnWhiteInJpeg_whenPngHasAlpha(Images images) {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(200, 0, 0, 255));
    g.fillRect(0, 0, 20, 30);
    g.dispose();
    ImageVariant png = ImageVariant.fit("png", 40, ImageFormat.PNG);
    ImageVariant jpeg = ImageVariant.fit("jpeg", 40, ImageFormat.JPEG);

    List<RenderedImage> outputs = images.render(TestImages.png(image), List.of(png, jpeg));

    BufferedImage transparent = RenderedOutputs.assertValid(outputs.get(0), png, 40, 30);
    assertThat(transparent.getColorModel().hasAlpha()).isTrue();
    assertThat(transparent.getRGB(35, 15) >>> 24).as("alpha of the clear half").isZero();
    assertThat(transparent.getRGB(5, 15)).isEqualTo(0xFFC80000);
    BufferedImage flat = RenderedOutputs.assertValid(outputs.get(1), jpeg, 40, 30);
    assertThat(java.util.Arrays.stream(TestImages.rgb(flat, 35, 15)).min().orElseThrow()).isGreaterThan(245);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void rendersFirstFrame_whenGifIsAnimated(Images images) {
    byte[] gif = TestImages.animatedGif(TestImages.solid(30, 20, Color.RED),
        TestImages.solid(30, 20, Color.BLUE));
    ImageVariant variant = ImageVariant.fit("first", 30, ImageFormat.PNG);

    RenderedImage output = images.render(gif, List.of(variant)).getFirst();

    int[] rgb = TestImages.rgb(RenderedOutputs.assertValid(output, variant, 30, 20), 15, 10);
    assertThat(rgb).containsExactly(255, 0, 0);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void rendersFirstFrame_whenLargeGifIsShrunkALot(Images images) {
    byte[] gif = TestImages.animatedGif(TestImages.markedCorner(1500, 1000),
        TestImages.solid(1500, 1000, Color.GREEN));
    ImageVariant variant = ImageVariant.fit("small", 100, ImageFormat.PNG);

    RenderedImage output = images.render(gif, List.of(variant)).getFirst();

    BufferedImage small = RenderedOutputs.assertValid(output, variant, 1500, 1000);
    assertThat(small.getWidth()).isEqualTo(100);
    assertThat(small.getHeight()).isEqualTo(67);
    assertThat(TestImages.rgb(small, 50, 33)).containsExactly(0, 0, 220);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void rendersFirstFrame_whenRealAnimatedGif(Images images) {
    String name = "no_time_for_that_tiny.gif";
    assumeTrue(Files.exists(TestImages.SKIMAGE.resolve(name)), "python3-skimage is not installed");

    renderAndCheck(images, TestImages.skimage(name));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void rendersImage_whenJpegHasHugeMalformedExif(Images images) {
    byte[] jpeg = TestImages.withSegment(TestImages.jpeg(TestImages.pattern(64, 48)),
        TestImages.hugeMalformedExifSegment());

    List<BufferedImage> outputs = renderAndCheck(images, jpeg);

    assertThat(outputs.getFirst().getWidth()).isEqualTo(64);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void derivesEveryVariant_whenSameSizeWithDifferentFilters(Images images) {
    byte[] jpeg = TestImages.jpeg(TestImages.pattern(300, 200));
    List<ImageVariant> variants = List.of(ImageVariant.fit("plain", 100, ImageFormat.JPEG),
        ImageVariant.filtered("sepia", 100, ImageFormat.JPEG, "sepia"),
        ImageVariant.fit("tiny", 10, ImageFormat.PNG));

    List<RenderedImage> outputs = images.render(jpeg, variants);

    for (int i = 0; i < variants.size(); i++) {
      RenderedOutputs.assertValid(outputs.get(i), variants.get(i), 300, 200);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void refusesVariants_whenTwoShareAName(Images images) {
    byte[] jpeg = TestImages.jpeg(TestImages.pattern(30, 20));
    List<ImageVariant> twice = List.of(ImageVariant.fit("same", 10, ImageFormat.JPEG),
        ImageVariant.fit("same", 20, ImageFormat.PNG));

    assertThatThrownBy(() -> images.render(jpeg, twice))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void refusesWebpOutput_whenEngineCannotWriteIt(Images images) {
    assumeTrue(!images.canWrite(ImageFormat.WEBP), "this engine writes WebP");
    byte[] jpeg = TestImages.jpeg(TestImages.pattern(30, 20));

    assertThatThrownBy(() -> images.render(jpeg, List.of(ImageVariant.fit("w", 10, ImageFormat.WEBP))))
        .isInstanceOfSatisfying(ImageException.class,
            e -> assertThat(e.code()).isEqualTo(ImageException.UNSUPPORTED))
        .hasMessageContaining("webp");
  }
}
