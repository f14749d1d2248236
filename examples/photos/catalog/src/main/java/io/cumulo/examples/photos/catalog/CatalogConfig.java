package io.cumulo.examples.photos.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the catalog runs.
 *
 * @param port the loopback port to listen on; 0 for any free one
 * @param dataDir where {@code catalog.db} lives (the service's persistent directory)
 * @param mediaBase the URL path the derived images are served under, e.g.
 *     {@code /apps/photos/media}
 * @param minBackoff the first wait after Cumulo refused a change report (default 1 s)
 * @param maxBackoff the longest wait between report attempts (default 30 s)
 */
record CatalogConfig(int port, Path dataDir, String mediaBase, Duration minBackoff, Duration maxBackoff) {
  static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
  static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  CatalogConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(mediaBase, "mediaBase");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
  }

  /**
   * The configuration Cumulo gives a service replica: {@code PORT}, {@code CUMULO_DATA_DIR} and
   * {@code CUMULO_APP}; {@code MEDIA_BASE} overrides the media path (default
   * {@code /apps/APP/media}).
   */
  static CatalogConfig fromEnvironment(Map<String, String> env) {
    String port = required(env, "PORT");
    String app = required(env, "CUMULO_APP");
    String mediaBase = env.getOrDefault("MEDIA_BASE", "/apps/" + app + "/media");
    try {
      return new CatalogConfig(Integer.parseInt(port), Path.of(required(env, "CUMULO_DATA_DIR")),
          mediaBase, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("PORT must be a number, was '" + port + "'");
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; the catalog runs as a Cumulo service");
    }
    return value;
  }
}
