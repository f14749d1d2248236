package io.cumulo.bench;

import io.cumulo.api.images.ImageFormat;
import io.cumulo.api.images.ImageVariant;
import io.cumulo.api.images.Images;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The image work the photo app's {@code thumbnail} function does for one photo, without the
 * platform: probe the header, then render every size as JPEG and, when the engine writes it, WebP.
 * This is the peer of the end-to-end benchmark.
 */
final class ThumbnailWork {
  /** The app's {@code SIZES} setting in examples/photos/cumulo.yaml. */
  static final List<Integer> SIZES = List.of(256, 512, 1024);

  private final Images engine;
  private final List<ImageVariant> variants;

  ThumbnailWork(Images engine) {
    this.engine = engine;
    List<ImageVariant> list = new ArrayList<>();
    for (int size : SIZES) {
      list.add(ImageVariant.fit(size + "." + ImageFormat.JPEG.extension(), size, ImageFormat.JPEG));
      if (engine.canWrite(ImageFormat.WEBP)) {
        list.add(ImageVariant.fit(size + "." + ImageFormat.WEBP.extension(), size, ImageFormat.WEBP));
      }
    }
    this.variants = List.copyOf(list);
  }

  /** How many outputs one photo makes (6 with WebP, 3 without). */
  int outputs() {
    return variants.size();
  }

  String engineName() {
    return engine.engine();
  }

  void renderOne(byte[] photo) {
    engine.probe(photo);
    engine.render(photo, variants);
  }

  /**
   * Renders {@code photos} copies of the photo on {@code threads} threads, as many at once as the
   * function's {@code maxInstances}; returns photos per second of wall time.
   */
  double photosPerSecond(byte[] photo, int photos, int threads) throws InterruptedException {
    AtomicInteger left = new AtomicInteger(photos);
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      workers.add(Thread.ofPlatform().name("engine-" + i).start(() -> {
        while (left.getAndDecrement() > 0) {
          renderOne(photo);
        }
      }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return photos / ((System.nanoTime() - start) / 1e9);
  }
}
