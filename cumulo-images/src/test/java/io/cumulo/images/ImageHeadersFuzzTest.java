package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageInfo;

/**
 * Fuzzes the header checks that guard every decode: any bytes must give a header within the limits
 * or an {@link ImageException} with a code and a readable reason (never another exception, never
 * a hang, never a size beyond the limits).
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the seeds under {@code ImageHeadersFuzzTestInputs}.
 */
class ImageHeadersFuzzTest {
  private static final ImageLimits LIMITS = new ImageLimits(50_000_000L, 1L << 20);
  private final ImageHeaders headers = new ImageHeaders(LIMITS);

  @FuzzTest(maxDuration = "2m")
  void probesOrRefuses_whenImageIsArbitrary(byte[] image) {
    try {
      ImageInfo info = headers.probe(image);
      assertThat(info.width()).isPositive();
      assertThat(info.height()).isPositive();
      assertThat(info.pixels()).isLessThanOrEqualTo(LIMITS.maxPixels());
      assertThat(info.orientation()).isBetween(1, 8);
    } catch (ImageException e) {
      assertThat(e.code()).isIn(ImageException.INVALID, ImageException.TOO_LARGE, ImageException.UNSUPPORTED);
      assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
    }
  }
}
