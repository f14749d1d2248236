package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.api.images.ImageFormat;
import org.junit.jupiter.api.Test;

class ImageEnginesTest {

  @Test
  void choosesJava_whenPreferenceIsJava() {
    assertThat(ImageEngines.create(ImageLimits.defaults(), " Java ").engine()).isEqualTo("java");
  }

  @Test
  void choosesAnEngine_whenPreferenceIsAutoOrUnset() {
    assertThat(ImageEngines.create(ImageLimits.defaults(), null).canWrite(ImageFormat.JPEG)).isTrue();
    assertThat(ImageEngines.create(ImageLimits.defaults(), "auto").canWrite(ImageFormat.PNG)).isTrue();
  }

  @Test
  void refusesPreference_whenUnknown() {
    assertThatThrownBy(() -> ImageEngines.create(ImageLimits.defaults(), "imagemagick"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CUMULO_IMAGE_ENGINE must be auto or java");
  }

  @Test
  void refusesLimits_whenNotPositive() {
    assertThatThrownBy(() -> new ImageLimits(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPixels");
    assertThatThrownBy(() -> new ImageLimits(1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInputBytes");
  }

  @Test
  void usesDocumentedDefaults_whenDefaults() {
    assertThat(ImageLimits.defaults()).isEqualTo(new ImageLimits(100_000_000L, 100L * 1024 * 1024));
  }
}
