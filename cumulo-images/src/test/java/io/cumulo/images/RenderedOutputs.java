package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import io.cumulo.api.images.RenderedImage;
import java.awt.image.BufferedImage;
import java.util.List;

/** What every rendered output must satisfy, whichever engine made it. */
final class RenderedOutputs {
  private RenderedOutputs() {}

  /** Every engine that runs here; each contract test runs once per engine. */
  static List<Images> engines() {
    return ImageEngines.available(ImageLimits.defaults());
  }

  /**
   * Checks that {@code output} decodes, is in the asked format, fits within the variant's box,
   * keeps the aspect ratio of a {@code width x height} source within a pixel, is not enlarged and
   * carries no EXIF or ICC metadata. Returns the decoded pixels.
   */
  static BufferedImage assertValid(RenderedImage output, ImageVariant variant, int width,
      int height) {
    assertThat(output.name()).isEqualTo(variant.name());
    assertThat(output.format()).isEqualTo(variant.format());
    assertThat(new ImageHeaders(ImageLimits.defaults()).probe(output.data()).format())
        .as("format found in the output bytes").isEqualTo(variant.format());
    BufferedImage decoded = TestImages.decode(output.data());
    assertThat(decoded.getWidth()).isEqualTo(output.width());
    assertThat(decoded.getHeight()).isEqualTo(output.height());
    assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isLessThanOrEqualTo(variant.maxSize());
    assertThat(decoded.getWidth()).as("never enlarged").isLessThanOrEqualTo(width);
    assertThat(decoded.getHeight()).as("never enlarged").isLessThanOrEqualTo(height);
    double scale = Math.min(1.0, (double) variant.maxSize() / Math.max(width, height));
    assertThat((double) decoded.getWidth()).as("aspect ratio (width)")
        .isCloseTo(width * scale, org.assertj.core.data.Offset.offset(1.0));
    assertThat((double) decoded.getHeight()).as("aspect ratio (height)")
        .isCloseTo(height * scale, org.assertj.core.data.Offset.offset(1.0));
    assertThat(TestImages.contains(output.data(), "Exif")).as("has EXIF").isFalse();
    assertThat(TestImages.contains(output.data(), "ICC_PROFILE")).as("has an ICC profile").isFalse();
    assertThat(TestImages.contains(output.data(), "iCCP")).as("has an ICC profile").isFalse();
    if (variant.format() == ImageFormat.JPEG) {
      assertThat(decoded.getColorModel().hasAlpha()).isFalse();
    }
    return decoded;
  }
}
