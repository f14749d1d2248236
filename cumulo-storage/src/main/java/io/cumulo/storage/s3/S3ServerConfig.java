package io.cumulo.storage.s3;

import java.time.Duration;
import java.util.Objects;

/**
 * How the S3 front listens and what it accepts. {@link #defaults()} states every default once.
 *
 * @param host the address to listen on (default {@code 127.0.0.1})
 * @param port the port; 0 picks a free one (default 9000)
 * @param baseDomain virtual-host requests name the bucket as {@code <bucket>.<baseDomain>}
 *     (default {@code localhost})
 * @param region the region GetBucketLocation reports and clients sign for (default {@code us-east-1})
 * @param maxObjectBytes the largest single PUT or part (default 5 GiB, S3's limit); larger is {@code EntityTooLarge}
 * @param maxXmlBodyBytes the largest XML request document (default 1 MiB)
 * @param maxPostFormFieldBytes the largest non-file field of a POST-object form (default 64 KiB)
 * @param idleTimeout how long a connection may stay silent (default 30 s)
 */
public record S3ServerConfig(
    String host,
    int port,
    String baseDomain,
    String region,
    long maxObjectBytes,
    int maxXmlBodyBytes,
    int maxPostFormFieldBytes,
    Duration idleTimeout) {

  public static final long FIVE_GIB = 5L * 1024 * 1024 * 1024;

  public S3ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(baseDomain, "baseDomain");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (maxObjectBytes < 1 || maxXmlBodyBytes < 1 || maxPostFormFieldBytes < 1) {
      throw new IllegalArgumentException("size limits must be positive");
    }
    baseDomain = baseDomain.toLowerCase(java.util.Locale.ROOT);
  }

  public static S3ServerConfig defaults() {
    return new S3ServerConfig("127.0.0.1", 9000, "localhost", "us-east-1", FIVE_GIB, 1024 * 1024, 64 * 1024,
        Duration.ofSeconds(30));
  }

  public S3ServerConfig withHost(String newHost) {
    return new S3ServerConfig(newHost, port, baseDomain, region, maxObjectBytes, maxXmlBodyBytes, maxPostFormFieldBytes,
        idleTimeout);
  }

  public S3ServerConfig withPort(int newPort) {
    return new S3ServerConfig(host, newPort, baseDomain, region, maxObjectBytes, maxXmlBodyBytes, maxPostFormFieldBytes,
        idleTimeout);
  }

  public S3ServerConfig withBaseDomain(String newBaseDomain) {
    return new S3ServerConfig(host, port, newBaseDomain, region, maxObjectBytes, maxXmlBodyBytes, maxPostFormFieldBytes,
        idleTimeout);
  }
}
