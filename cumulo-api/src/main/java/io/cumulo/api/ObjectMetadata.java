package io.cumulo.api;

import java.time.Instant;
import java.util.Map;

/**
 * What is known of a stored object.
 *
 * @param bucket the bucket
 * @param key the key
 * @param size bytes
 * @param etag the quoted ETag, as S3 returns it
 * @param contentType the Content-Type
 * @param lastModified when it was written
 * @param userMetadata the {@code x-amz-meta-*} values by lowercased name without the prefix
 */
public record ObjectMetadata(String bucket, String key, long size, String etag, String contentType,
    Instant lastModified, Map<String, String> userMetadata) {}
