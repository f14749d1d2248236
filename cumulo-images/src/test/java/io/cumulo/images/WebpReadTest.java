package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** WebP input, from files made with cwebp, img2webp and webpmux (src/test/resources). */
class WebpReadTest {

  static List<Images> engines() {
    return RenderedOutputs.engines();
  }

  private static BufferedImage renderPng(Images images, String resource, int width, int height) {
    ImageVariant variant = ImageVariant.fit("out", 100, ImageFormat.PNG);
    RenderedImage output = images.render(TestImages.resource(resource), List.of(variant)).getFirst();
    return RenderedOutputs.assertValid(output, variant, width, height);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void rendersColours_whenWebpIsLossy(Images images) {
    assertThat(images.probe(TestImages.resource("lossy.webp")))
        .isEqualTo(new ImageInfo(ImageFormat.WEBP, 64, 48, 1, false, 1, null));

    int[] rgb = TestImages.rgb(renderPng(images, "lossy.webp", 64, 48), 32, 24);

    assertThat(rgb[0]).isBetween(185, 215);
    assertThat(rgb[1]).isLessThan(50);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void keepsAlpha_whenWebpIsLosslessWithAlpha(Images images) {
    assertThat(images.probe(TestImages.resource("alpha.webp")).hasAlpha()).isTrue();

    BufferedImage output = renderPng(images, "alpha.webp", 40, 30);

    assertThat(output.getRGB(5, 15)).isEqualTo(0xFFC80000);
    assertThat(output.getRGB(35, 15) >>> 24).isZero();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void rendersFirstFrame_whenWebpIsAnimated(Images images) {
    ImageInfo info = images.probe(TestImages.resource("animated.webp"));
    assertThat(info.pages()).isEqualTo(2);

    int[] rgb = TestImages.rgb(renderPng(images, "animated.webp", 30, 20), 15, 10);

    assertThat(rgb).containsExactly(255, 0, 0);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void turnsImageUpright_whenWebpExifSaysOrientationSix(Images images) {
    ImageInfo info = images.probe(TestImages.resource("rotated.webp"));
    assertThat(info.orientation()).isEqualTo(6);
    assertThat(info.width()).isEqualTo(60);
    assertThat(info.height()).isEqualTo(90);

    BufferedImage upright = renderPng(images, "rotated.webp", 60, 90);

    assertThat(TestImages.rgb(upright, 56, 3)[0]).as("red at top right").isGreaterThan(200);
    assertThat(TestImages.rgb(upright, 3, 3)[0]).as("not red at top left").isLessThan(60);
  }
}
