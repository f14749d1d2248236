package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageRejectionTest {
  private static final List<ImageVariant> THUMBNAIL = List.of(ImageVariant.fit("t", 64, ImageFormat.JPEG));

  static List<Images> engines() {
    return RenderedOutputs.engines();
  }

  static Stream<Arguments> invalidInputs() {
    byte[] random = new byte[4096];
    new Random(5).nextBytes(random);
    byte[] html = "<!DOCTYPE html><html><body>not a photo</body></html>".getBytes(StandardCharsets.UTF_8);
    byte[] jpeg = TestImages.jpeg(TestImages.pattern(200, 150));
    byte[] png = TestImages.png(TestImages.pattern(200, 150));
    List<Arguments> cases = new ArrayList<>();
    for (Images engine : engines()) {
      cases.add(Arguments.of(engine, "zero bytes", new byte[0]));
      cases.add(Arguments.of(engine, "random bytes", random));
      cases.add(Arguments.of(engine, "HTML named photo.jpg", html));
      cases.add(Arguments.of(engine, "JPEG cut at 60%", TestImages.truncated(jpeg, 0.6)));
      cases.add(Arguments.of(engine, "JPEG cut in its header", TestImages.truncated(jpeg, 0.02)));
      cases.add(Arguments.of(engine, "PNG cut at 60%", TestImages.truncated(png, 0.6)));
      cases.add(Arguments.of(engine, "PNG cut in its header", TestImages.truncated(png, 0.001)));
      for (String format : List.of("gif", "tiff", "bmp")) {
        byte[] whole = TestImages.write(TestImages.pattern(200, 150), format, 0);
        cases.add(Arguments.of(engine, format + " cut at 60%", TestImages.truncated(whole, 0.6)));
      }
      byte[] webp = TestImages.resource("alpha.webp");
      cases.add(Arguments.of(engine, "WebP cut at 60%", TestImages.truncated(webp, 0.6)));
      cases.add(Arguments.of(engine, "WebP cut at 95%", TestImages.truncated(webp, 0.95)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidInputs")
  void refusesWithInvalidImage_whenInputIsNotAWholeImage(Images images, String what, byte[] input) {
    assertThatThrownBy(() -> images.render(input, THUMBNAIL))
        .isInstanceOfSatisfying(ImageException.class,
            e -> assertThat(e.code()).isEqualTo(ImageException.INVALID))
        .hasMessageNotContaining("Exception")
        .hasMessageNotContaining("null");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void refusesWithInvalidImage_whenRealJpegIsTruncated(Images images) {
    assumeTrue(Files.exists(TestImages.SKIMAGE.resolve("truncated.jpg")), "python3-skimage is not installed");

    assertThatThrownBy(() -> images.render(TestImages.skimage("truncated.jpg"), THUMBNAIL))
        .isInstanceOfSatisfying(ImageException.class,
            e -> assertThat(e.code()).isEqualTo(ImageException.INVALID));
  }

  @Test
  void refusesWithTooLarge_whenPixelsExceedTheLimit() {
    byte[] png = TestImages.png(TestImages.pattern(200, 100));
    for (Images small : ImageEngines.available(new ImageLimits(10_000, 1 << 20))) {
      assertThatThrownBy(() -> small.render(png, THUMBNAIL))
          .isInstanceOfSatisfying(ImageException.class,
              e -> assertThat(e.code()).isEqualTo(ImageException.TOO_LARGE))
          .hasMessage("200 x 100 pixels (20000 pixels) is more than the 10000 pixels limit");
    }
  }

  @Test
  void refusesWithTooLarge_whenBytesExceedTheLimit() {
    byte[] jpeg = TestImages.jpeg(TestImages.pattern(200, 100));
    for (Images small : ImageEngines.available(new ImageLimits(1_000_000, 1024))) {
      assertThatThrownBy(() -> small.probe(jpeg))
          .isInstanceOfSatisfying(ImageException.class,
              e -> assertThat(e.code()).isEqualTo(ImageException.TOO_LARGE))
          .hasMessageEndingWith("more than the 1.0 KiB limit");
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void throwsOnlyImageException_whenJpegDataIsCorrupted(Images images) {
    byte[] original = TestImages.jpeg(TestImages.pattern(48, 32));
    Random random = new Random(9);
    for (int round = 0; round < 150; round++) {
      byte[] corrupted = original.clone();
      for (int i = 0; i < 1 + random.nextInt(6); i++) {
        corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
      }
      try {
        images.render(corrupted, THUMBNAIL);
      } catch (ImageException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
