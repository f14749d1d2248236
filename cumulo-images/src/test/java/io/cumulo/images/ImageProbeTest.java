package io.cumulo.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cumulo.api.images.ImageException;
import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageInfo;
import io.cumulo.api.images.Images;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageProbeTest {

  static java.util.List<Images> engines() {
    return RenderedOutputs.engines();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void readsFormatAndSize_whenJpegPngGifBmpTiff(Images images) {
    BufferedImage image = TestImages.pattern(120, 80);
    assertThat(images.probe(TestImages.jpeg(image)))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 120, 80, 1, false, 1, null));
    assertThat(images.probe(TestImages.png(image)))
        .isEqualTo(new ImageInfo(ImageFormat.PNG, 120, 80, 1, false, 1, null));
    assertThat(images.probe(TestImages.write(image, "bmp", 0)))
        .isEqualTo(new ImageInfo(ImageFormat.BMP, 120, 80, 1, false, 1, null));
    assertThat(images.probe(TestImages.write(image, "tiff", 0)))
        .isEqualTo(new ImageInfo(ImageFormat.TIFF, 120, 80, 1, false, 1, null));
    ImageInfo gif = images.probe(TestImages.animatedGif(image, image, image));
    assertThat(gif.format()).isEqualTo(ImageFormat.GIF);
    assertThat(gif.width()).isEqualTo(120);
    assertThat(gif.height()).isEqualTo(80);
    assertThat(gif.pages()).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void reportsDisplayedSizeAndTakenAt_whenExifSaysRotated(Images images) {
    byte[] jpeg = TestImages.withSegment(TestImages.jpeg(TestImages.pattern(60, 40)),
        TestImages.exifSegment(6, "2024:07:14 09:30:05"));

    ImageInfo info = images.probe(jpeg);

    assertThat(info.orientation()).isEqualTo(6);
    assertThat(info.width()).isEqualTo(40);
    assertThat(info.height()).isEqualTo(60);
    assertThat(info.takenAt()).isEqualTo(Instant.parse("2024-07-14T09:30:05Z"));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void reportsNoTakenAt_whenExifDateIsUnset(Images images) {
    byte[] jpeg = TestImages.withSegment(TestImages.jpeg(TestImages.pattern(60, 40)),
        TestImages.exifSegment(3, "0000:00:00 00:00:00"));

    ImageInfo info = images.probe(jpeg);

    assertThat(info.orientation()).isEqualTo(3);
    assertThat(info.width()).isEqualTo(60);
    assertThat(info.takenAt()).isNull();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void readsPages_whenTiffHasSeveralPages(Images images) {
    assumeTrue(Files.exists(TestImages.SKIMAGE.resolve("multipage_rgb.tif")),
        "python3-skimage is not installed");

    ImageInfo info = images.probe(TestImages.skimage("multipage_rgb.tif"));

    assertThat(info.format()).isEqualTo(ImageFormat.TIFF);
    assertThat(info.pages()).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void reportsAlpha_whenPngHasAlphaChannel(Images images) {
    BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_ARGB);

    assertThat(images.probe(TestImages.png(image)).hasAlpha()).isTrue();
    assertThat(images.probe(TestImages.png(TestImages.solid(30, 20, Color.GRAY))).hasAlpha())
        .isFalse();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void readsWebpHeaders_whenLossyLosslessAndExtended(Images images) {
    // Headers built by hand from the WebP container spec: VP8 (lossy), VP8L, VP8X with animation.
    byte[] lossy = riff("VP8 ", new byte[] {0, 0, 0, (byte) 0x9D, 1, 0x2A, (byte) 200, 0, 100, 0});
    byte[] lossless = riff("VP8L", new byte[] {0x2F, (byte) 0xC7, (byte) 0xC0, 0x18, 0x10});
    byte[] extended = riff("VP8X", new byte[] {0x12, 0, 0, 0, (byte) 0xFF, 3, 0, (byte) 0xDF, 1, 0});

    assertThat(images.probe(lossy)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 200, 100, 1, false, 1, null));
    ImageInfo vp8l = images.probe(lossless);
    assertThat(vp8l.width()).isEqualTo(200);
    assertThat(vp8l.height()).isEqualTo(100);
    assertThat(vp8l.hasAlpha()).isTrue();
    ImageInfo vp8x = images.probe(extended);
    assertThat(vp8x.width()).isEqualTo(1024);
    assertThat(vp8x.height()).isEqualTo(480);
    assertThat(vp8x.hasAlpha()).isTrue();
  }

  private static byte[] riff(String chunk, byte[] body) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(20 + body.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buffer.put("RIFF".getBytes()).putInt(12 + body.length).put("WEBP".getBytes())
        .put(chunk.getBytes()).putInt(body.length).put(body);
    return buffer.array();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void ignoresExif_whenSegmentIsHugeAndMalformed(Images images) {
    byte[] jpeg = TestImages.withSegment(TestImages.jpeg(TestImages.pattern(64, 48)),
        TestImages.hugeMalformedExifSegment());

    ImageInfo info = images.probe(jpeg);

    assertThat(info.width()).isEqualTo(64);
    assertThat(info.height()).isEqualTo(48);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void failsFastWithTooLarge_whenHeaderClaimsTenGigapixels(Images images) {
    byte[] header = TestImages.pngHeaderOnly(100_000, 100_000);

    long started = System.nanoTime();
    assertThatThrownBy(() -> images.probe(header))
        .isInstanceOfSatisfying(ImageException.class,
            e -> assertThat(e.code()).isEqualTo(ImageException.TOO_LARGE))
        .hasMessageContaining("100000 x 100000");
    assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void throwsOnlyImageException_whenHeaderBytesAreMutated(Images images) {
    byte[] original = TestImages.withSegment(TestImages.jpeg(TestImages.pattern(64, 48)),
        TestImages.exifSegment(6, "2024:07:14 09:30:05"));
    byte[] png = TestImages.png(TestImages.pattern(16, 16));
    Random random = new Random(3);
    for (int round = 0; round < 2000; round++) {
      byte[] source = round % 2 == 0 ? original : png;
      byte[] mutated = source.clone();
      for (int i = 0; i < 1 + random.nextInt(8); i++) {
        mutated[random.nextInt(Math.min(mutated.length, 200))] = (byte) random.nextInt(256);
      }
      try {
        ImageInfo info = images.probe(mutated);
        assertThat(info.width()).isPositive();
      } catch (ImageException expected) {
        assertThat(expected.code()).isIn(ImageException.INVALID, ImageException.TOO_LARGE,
            ImageException.UNSUPPORTED);
      }
    }
  }
}
