package io.cumulo.core.storage;

import java.time.Instant;
import java.util.Map;

/** A stored part of a multipart upload: number (1..10000), quoted MD5 ETag, size, checksums (base64). */
public record PartInfo(int partNumber, String etag, long size, Instant lastModified, Map<String, String> checksums) {
  public PartInfo {
    checksums = Map.copyOf(checksums);
  }
}
