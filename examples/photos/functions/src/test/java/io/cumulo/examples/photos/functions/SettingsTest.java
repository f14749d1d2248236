package io.cumulo.examples.photos.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void usesDefaultSizes_whenSizesIsNotSet() {
    assertThat(Settings.sizes(Map.of())).containsExactly(256, 512, 1024);
  }

  @Test
  void sortsAndDeduplicatesSizes_whenSizesIsSet() {
    assertThat(Settings.sizes(Map.of("SIZES", "1024, 256,512,256"))).containsExactly(256, 512, 1024);
  }

  @Test
  void refusesWithTheBadValue_whenASizeIsWrong() {
    assertThatThrownBy(() -> Settings.sizes(Map.of("SIZES", "256,big"))).hasMessageContaining("'big'");
    assertThatThrownBy(() -> Settings.sizes(Map.of("SIZES", "0"))).hasMessageContaining("'0'");
    assertThatThrownBy(() -> Settings.sizes(Map.of("SIZES", "20000"))).hasMessageContaining("'20000'");
  }

  @Test
  void listsAutomaticFilters_whenFiltersIsSet() {
    assertThat(Settings.automaticFilters(Map.of())).isEmpty();
    assertThat(Settings.automaticFilters(Map.of("FILTERS", " grayscale, sepia,,sepia "))).containsExactly("grayscale", "sepia");
    assertThatThrownBy(() -> Settings.automaticFilters(Map.of("FILTERS", "sepia,posterize")))
        .hasMessageContaining("'posterize'");
  }

  @Test
  void rendersJpegAndWebpPerSize_whenTheEngineWritesWebp() {
    assertThat(Thumbnail.variants(java.util.List.of(256, 1024), true)).extracting(ImageVariant::name)
        .containsExactly("256.jpg", "256.webp", "1024.jpg", "1024.webp");
    assertThat(Thumbnail.variants(java.util.List.of(256), false)).extracting(ImageVariant::format)
        .containsExactly(ImageFormat.JPEG);
  }
}
