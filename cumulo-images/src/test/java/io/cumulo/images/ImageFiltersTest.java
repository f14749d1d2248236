package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageFiltersTest {
  private static final int SIZE = 160;

  static List<Images> engines() {
    return RenderedOutputs.engines();
  }

  /** The pattern rendered plain and with {@code filter}, both as PNG at the same size. */
  private static BufferedImage[] plainAndFiltered(Images images, BufferedImage source, String filter) {
    ImageVariant plain = ImageVariant.fit("plain", SIZE, ImageFormat.PNG);
    ImageVariant filtered = ImageVariant.filtered(filter, SIZE, ImageFormat.PNG, filter);
    List<RenderedImage> outputs = images.render(TestImages.png(source), List.of(plain, filtered));
    return new BufferedImage[] {
        RenderedOutputs.assertValid(outputs.get(0), plain, source.getWidth(), source.getHeight()),
        RenderedOutputs.assertValid(outputs.get(1), filtered, source.getWidth(), source.getHeight())};
  }

  @ParameterizedTest
  @MethodSource("engines")
  void makesEveryPixelGrey_whenGrayscale(Images images) {
    BufferedImage grey = plainAndFiltered(images, TestImages.pattern(240, 160), "grayscale")[1];

    for (int y = 0; y < grey.getHeight(); y++) {
      for (int x = 0; x < grey.getWidth(); x++) {
        int[] rgb = TestImages.rgb(grey, x, y);
        assertThat(Math.abs(rgb[0] - rgb[1])).isLessThanOrEqualTo(2);
        assertThat(Math.abs(rgb[1] - rgb[2])).isLessThanOrEqualTo(2);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void tintsGreyWarm_whenSepia(Images images) {
    BufferedImage sepia = plainAndFiltered(images, TestImages.solid(240, 160, new Color(128, 128, 128)),
        "sepia")[1];

    int[] rgb = TestImages.rgb(sepia, 80, 53);
    assertThat(rgb[0]).isGreaterThan(rgb[1]);
    assertThat(rgb[1]).isGreaterThan(rgb[2]);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void lowersDetail_whenBlur(Images images) {
    BufferedImage[] out = plainAndFiltered(images, TestImages.pattern(240, 160), "blur");

    assertThat(detail(out[1])).isLessThan(detail(out[0]) * 0.7);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void raisesDetail_whenSharpen(Images images) {
    BufferedImage[] out = plainAndFiltered(images, TestImages.pattern(240, 160), "sharpen");

    assertThat(detail(out[1])).isGreaterThan(detail(out[0]) * 1.1);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void raisesSaturation_whenVivid(Images images) {
    BufferedImage[] out = plainAndFiltered(images, TestImages.pattern(240, 160), "vivid");

    assertThat(saturation(out[1])).isGreaterThan(saturation(out[0]) * 1.2);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void warmsAndDarkensCorners_whenVintage(Images images) {
    BufferedImage vintage = plainAndFiltered(images, TestImages.solid(240, 160, new Color(128, 128, 128)),
        "vintage")[1];

    int[] centre = TestImages.rgb(vintage, 80, 53);
    int[] corner = TestImages.rgb(vintage, 0, 0);
    assertThat(centre[0]).isGreaterThan(centre[2]);
    assertThat(corner[1]).isLessThan(centre[1]);
  }

  /** Mean absolute Laplacian of the green channel: high for fine detail, low when smooth. */
  private static double detail(BufferedImage image) {
    double sum = 0;
    for (int y = 1; y < image.getHeight() - 1; y++) {
      for (int x = 1; x < image.getWidth() - 1; x++) {
        int laplacian = 4 * green(image, x, y) - green(image, x - 1, y) - green(image, x + 1, y)
            - green(image, x, y - 1) - green(image, x, y + 1);
        sum += Math.abs(laplacian);
      }
    }
    return sum / ((image.getWidth() - 2) * (image.getHeight() - 2));
  }

  private static int green(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) >> 8 & 0xFF;
  }

  /** Mean of max(R,G,B) - min(R,G,B). */
  private static double saturation(BufferedImage image) {
    double sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int[] rgb = TestImages.rgb(image, x, y);
        sum += Math.max(rgb[0], Math.max(rgb[1], rgb[2])) - Math.min(rgb[0], Math.min(rgb[1], rgb[2]));
      }
    }
    return sum / (image.getWidth() * image.getHeight());
  }
}
