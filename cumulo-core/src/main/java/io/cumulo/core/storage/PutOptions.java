package io.cumulo.core.storage;

import java.util.Map;

/**
 * What a client sent along with an object's bytes.
 *
 * @param contentType the Content-Type, or null for {@code binary/octet-stream}
 * @param userMetadata {@code x-amz-meta-*} values by lowercased name without the prefix
 * @param contentMd5 the Content-MD5 header (base64), or null; verified against the bytes
 * @param checksums expected checksums by algorithm ({@code CRC32}, {@code CRC32C}, {@code SHA1},
 *     {@code SHA256}), base64; each is verified and stored with the object. An empty value asks
 *     the store to compute and store that checksum without verifying it: the S3 front uses it for
 *     checksums sent as aws-chunked trailers, which its SigV4 stream verifies after the last byte
 * @param ifNoneMatchStar {@code If-None-Match: *}: fail with {@code PreconditionFailed} if the key exists
 */
public record PutOptions(
    String contentType,
    Map<String, String> userMetadata,
    String contentMd5,
    Map<String, String> checksums,
    boolean ifNoneMatchStar) {
  public PutOptions {
    userMetadata = Map.copyOf(userMetadata);
    checksums = Map.copyOf(checksums);
  }

  /** No content type, metadata or checksums. */
  public static PutOptions none() {
    return new PutOptions(null, Map.of(), null, Map.of(), false);
  }

  public static PutOptions contentType(String contentType) {
    return new PutOptions(contentType, Map.of(), null, Map.of(), false);
  }
}
