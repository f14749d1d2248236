package io.cumulo.storage.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * A flexible checksum an S3 client sends after the body ({@code x-amz-checksum-crc32: BASE64}),
 * computed here over the decoded bytes so the two can be compared.
 */
final class TrailingChecksum {
  /** The trailer names this server can verify. */
  static final Set<String> SUPPORTED = Set.of(
      "x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-sha1", "x-amz-checksum-sha256");

  private final String name;
  private final Checksum crc;
  private final MessageDigest digest;

  private TrailingChecksum(String name, Checksum crc, MessageDigest digest) {
    this.name = name;
    this.crc = crc;
    this.digest = digest;
  }

  /** A fresh checksum for a trailer name such as {@code x-amz-checksum-crc32c}; the name must be {@link #SUPPORTED}. */
  static TrailingChecksum forTrailer(String trailerName) {
    String name = trailerName.toLowerCase(Locale.ROOT);
    return switch (name) {
      case "x-amz-checksum-crc32" -> new TrailingChecksum(name, new CRC32(), null);
      case "x-amz-checksum-crc32c" -> new TrailingChecksum(name, new CRC32C(), null);
      case "x-amz-checksum-sha1" -> new TrailingChecksum(name, null, digest("SHA-1"));
      case "x-amz-checksum-sha256" -> new TrailingChecksum(name, null, digest("SHA-256"));
      default -> throw new IllegalArgumentException("unsupported trailing checksum: " + trailerName);
    };
  }

  String name() {
    return name;
  }

  void update(byte[] b, int off, int len) {
    if (crc != null) {
      crc.update(b, off, len);
    } else {
      digest.update(b, off, len);
    }
  }

  /** The checksum as S3 writes it: base64 of the big-endian CRC (4 bytes) or of the digest. */
  String base64() {
    byte[] value;
    if (crc != null) {
      long v = crc.getValue();
      value = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    } else {
      value = digest.digest();
    }
    return Base64.getEncoder().encodeToString(value);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
