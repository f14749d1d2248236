package io.cumulo.core.manifest;

import java.time.Duration;

/** The default and the allowed range of every manifest option, stated once. */
public final class ManifestLimits {
  private ManifestLimits() {}

  public static final int DEFAULT_MEMORY_MB = 256;
  public static final int MIN_MEMORY_MB = 64;
  public static final int MAX_MEMORY_MB = 10_240;

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

  public static final int DEFAULT_CONCURRENCY = 1;
  public static final int MAX_CONCURRENCY = 1_000;

  public static final int DEFAULT_MIN_INSTANCES = 0;
  public static final int DEFAULT_MAX_INSTANCES = 10;
  public static final int MAX_INSTANCES = 1_000;

  public static final int DEFAULT_MAX_QUEUED = 100;
  public static final int MAX_QUEUED = 100_000;

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration MIN_IDLE_TIMEOUT = Duration.ofMillis(100);
  public static final Duration MAX_IDLE_TIMEOUT = Duration.ofHours(24);

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final int MAX_ATTEMPTS = 100;

  public static final int MAX_ENV_ENTRIES = 256;
  public static final int MAX_FUNCTIONS = 200;
  public static final int MAX_MANIFEST_BYTES = 1 << 20;
}
