package io.cumulo.core.storage;

import java.time.Instant;
import java.util.Map;

/**
 * An object's metadata.
 *
 * @param bucket the bucket
 * @param key the key, as given (any UTF-8 string up to 1024 bytes)
 * @param size bytes
 * @param etag the quoted ETag: {@code "<md5 hex>"}, or {@code "<md5 hex>-<parts>"} for multipart
 * @param contentType the stored Content-Type (default {@code binary/octet-stream}, as S3)
 * @param lastModified when it was written (millisecond precision)
 * @param userMetadata {@code x-amz-meta-*} headers, names lowercased without the prefix
 * @param checksums checksums stored with the object by algorithm ({@code CRC32}, {@code CRC32C},
 *     {@code SHA1}, {@code SHA256}), base64 as S3 returns them; only those the client sent
 */
public record ObjectInfo(
    String bucket,
    String key,
    long size,
    String etag,
    String contentType,
    Instant lastModified,
    Map<String, String> userMetadata,
    Map<String, String> checksums) {
  public ObjectInfo {
    userMetadata = Map.copyOf(userMetadata);
    checksums = Map.copyOf(checksums);
  }
}
