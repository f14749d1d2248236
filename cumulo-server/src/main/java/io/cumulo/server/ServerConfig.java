package io.cumulo.server;

import io.cumulo.core.runtime.RetryBackoff;
import io.cumulo.gateway.EventStreamConfig;
import io.cumulo.images.ImageLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a Cumulo node is started.
 *
 * @param dataDir where everything durable lives (default {@code ./.cumulo-data})
 * @param host the address the HTTP front listens on (default {@code 127.0.0.1}: loopback only)
 * @param port the HTTP front's port (default 8080; 0 picks a free one)
 * @param s3Port the S3 API's port (default 9000; 0 picks a free one)
 * @param retryBaseDelay the cap of the first retry's backoff delay (default 1 s)
 * @param retryMaxDelay the largest backoff delay (default 5 min)
 * @param eventStreams how {@code events:} routes stream (default {@link EventStreamConfig#defaults()})
 * @param imageLimits the largest images {@code ctx.images()} accepts (default {@link ImageLimits#defaults()}:
 *     100 MP, 100 MiB)
 * @param imageEngine which image engine to use: {@code auto} (default: libvips when installed,
 *     else pure Java) or {@code java}
 */
public record ServerConfig(
    Path dataDir, String host, int port, int s3Port, Duration retryBaseDelay, Duration retryMaxDelay,
    EventStreamConfig eventStreams, ImageLimits imageLimits, String imageEngine) {
  public static final Path DEFAULT_DATA_DIR = Path.of(".cumulo-data");
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_S3_PORT = 9000;

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(eventStreams, "eventStreams");
    Objects.requireNonNull(imageLimits, "imageLimits");
    Objects.requireNonNull(imageEngine, "imageEngine");
    if (port < 0 || port > 65_535 || s3Port < 0 || s3Port > 65_535) {
      throw new IllegalArgumentException("ports must be 0..65535, not " + port + " and " + s3Port);
    }
    if (retryBaseDelay.isNegative() || retryMaxDelay.compareTo(retryBaseDelay) < 0) {
      throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= max");
    }
  }

  /** The defaults, with the given data dir and ports. */
  public static ServerConfig of(Path dataDir, int port, int s3Port) {
    return new ServerConfig(dataDir, DEFAULT_HOST, port, s3Port, RetryBackoff.DEFAULT_BASE, RetryBackoff.DEFAULT_MAX,
        EventStreamConfig.defaults(), ImageLimits.defaults(), "auto");
  }

  public ServerConfig withRetryDelays(Duration base, Duration max) {
    return new ServerConfig(dataDir, host, port, s3Port, base, max, eventStreams, imageLimits, imageEngine);
  }

  public ServerConfig withEventStreams(EventStreamConfig eventStreams) {
    return new ServerConfig(dataDir, host, port, s3Port, retryBaseDelay, retryMaxDelay, eventStreams, imageLimits,
        imageEngine);
  }

  public ServerConfig withImages(ImageLimits limits, String engine) {
    return new ServerConfig(dataDir, host, port, s3Port, retryBaseDelay, retryMaxDelay, eventStreams, limits, engine);
  }
}
