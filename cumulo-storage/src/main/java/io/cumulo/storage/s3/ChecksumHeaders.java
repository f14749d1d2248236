package io.cumulo.storage.s3;

import io.cumulo.core.storage.StorageException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The {@code x-amz-checksum-<algorithm>} headers: reading the ones a client sent, writing stored
 * ones back, and checking small bodies (request documents) against them and Content-MD5.
 */
final class ChecksumHeaders {
  private static final String PREFIX = "x-amz-checksum-";
  /** Algorithms as the store names them, by header suffix. */
  private static final Map<String, String> ALGORITHMS = Map.of(
      "crc32", "CRC32", "crc32c", "CRC32C", "sha1", "SHA1", "sha256", "SHA256", "crc64nvme", "CRC64NVME");

  private ChecksumHeaders() {}

  /**
   * The checksums a write must verify and store, by algorithm ({@code CRC32}, ...): those sent as
   * headers (base64) and, with an empty value (compute and store, the trailer is verified as the
   * body streams), those announced as aws-chunked trailers.
   */
  static Map<String, String> forWrite(S3Exchange x) {
    Map<String, String> checksums = fromRequest(x);
    for (String algorithm : x.trailerChecksumAlgorithms()) {
      checksums.putIfAbsent(algorithm, "");
    }
    return checksums;
  }

  /** The checksums sent as headers, by algorithm ({@code CRC32}, ...), base64. */
  static Map<String, String> fromRequest(S3Exchange x) {
    Map<String, String> checksums = new LinkedHashMap<>();
    x.headersWithPrefix(PREFIX).forEach((suffix, value) -> {
      String algorithm = ALGORITHMS.get(suffix);
      if (algorithm != null) {
        checksums.put(algorithm, value.trim());
      }
    });
    return checksums;
  }

  /** Sets {@code x-amz-checksum-*} response headers for stored checksums. */
  static void write(S3Exchange x, Map<String, String> checksums) {
    checksums.forEach((algorithm, value) -> x.setHeader(PREFIX + algorithm.toLowerCase(Locale.ROOT), value));
  }

  /** The XML element S3 uses for a checksum, e.g. {@code ChecksumCRC32}. */
  static String elementName(String algorithm) {
    return "Checksum" + algorithm;
  }

  /**
   * Checks a whole small body against its Content-MD5 and {@code x-amz-checksum-*} headers.
   *
   * @param required whether at least one must be present (S3 requires one for DeleteObjects)
   * @throws StorageException {@code BadDigest} or {@code InvalidDigest} on mismatch, {@code InvalidRequest} when missing
   */
  static void verifySmallBody(S3Exchange x, byte[] body, boolean required) {
    boolean present = false;
    String md5 = x.header("Content-MD5");
    if (md5 != null) {
      present = true;
      if (!md5.trim().equals(base64(digest("MD5", body)))) {
        throw new StorageException(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
      }
    }
    for (Map.Entry<String, String> sent : fromRequest(x).entrySet()) {
      String actual = compute(sent.getKey(), body);
      if (actual == null) {
        continue;
      }
      present = true;
      if (!actual.equals(sent.getValue())) {
        throw new StorageException(400, "BadDigest",
            "The " + sent.getKey() + " you specified did not match the calculated checksum.");
      }
    }
    if (required && !present && x.header("x-amz-trailer") == null) {
      throw S3Errors.invalidRequest("Missing required header for this request: Content-MD5 or x-amz-checksum-*");
    }
  }

  /** The base64 checksum of the bytes, or null for an algorithm we do not compute here. */
  static String compute(String algorithm, byte[] data) {
    return switch (algorithm) {
      case "CRC32" -> crc(new CRC32(), data);
      case "CRC32C" -> crc(new CRC32C(), data);
      case "SHA1" -> base64(digest("SHA-1", data));
      case "SHA256" -> base64(digest("SHA-256", data));
      default -> null;
    };
  }

  private static String crc(Checksum checksum, byte[] data) {
    checksum.update(data, 0, data.length);
    return base64(ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array());
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
