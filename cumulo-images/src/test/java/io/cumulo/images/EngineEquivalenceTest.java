package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The libvips and pure-Java engines give visually equivalent output: the same sizes, and pixels
 * that differ on average by a few levels (different resampling kernels and JPEG encoders make
 * exact equality impossible), for plain thumbnails and every filter.
 */
class EngineEquivalenceTest {
  /** Mean absolute difference per channel, in 0..255 levels, that still looks the same. */
  private static final double MAX_MEAN_DIFFERENCE = 8.0;

  @ParameterizedTest
  @ValueSource(strings = {"astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg"})
  void rendersTheSameImage_withBothEngines(String photo) {
    List<Images> engines = ImageEngines.available(ImageLimits.defaults());
    assumeTrue(engines.size() == 2, "libvips is not installed (apt-get install libvips42)");
    assumeTrue(Files.exists(TestImages.SKIMAGE.resolve(photo)), "python3-skimage is not installed");
    byte[] source = TestImages.skimage(photo);
    List<ImageVariant> variants = new ArrayList<>();
    variants.add(ImageVariant.fit("256", 256, ImageFormat.PNG));
    for (String filter : Images.FILTERS) {
      variants.add(new ImageVariant(filter, 256, ImageFormat.PNG, filter, ImageVariant.DEFAULT_QUALITY));
    }
    List<RenderedImage> java = engines.get(0).render(source, variants);
    List<RenderedImage> vips = engines.get(1).render(source, variants);
    for (int i = 0; i < variants.size(); i++) {
      BufferedImage a = decode(java.get(i).data());
      BufferedImage b = decode(vips.get(i).data());
      assertThat(Math.abs(a.getWidth() - b.getWidth())).as(variants.get(i).name() + " width").isLessThanOrEqualTo(1);
      assertThat(Math.abs(a.getHeight() - b.getHeight())).as(variants.get(i).name() + " height").isLessThanOrEqualTo(1);
      assertThat(meanDifference(a, b)).as(photo + " " + variants.get(i).name()).isLessThan(MAX_MEAN_DIFFERENCE);
    }
  }

  private static BufferedImage decode(byte[] data) {
    try {
      return ImageIO.read(new ByteArrayInputStream(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double meanDifference(BufferedImage a, BufferedImage b) {
    int width = Math.min(a.getWidth(), b.getWidth());
    int height = Math.min(a.getHeight(), b.getHeight());
    long total = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          total += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
      }
    }
    return (double) total / (3L * width * height);
  }
}
