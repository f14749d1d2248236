package io.cumulo.api;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The app's buckets, reached in-process (no HTTP). A function may use only the buckets its app's
 * manifest declares; others fail with {@code AccessDenied}. Writes and deletes fire bucket
 * triggers like any S3 client's would. Errors are {@link ObjectStorageException}s carrying S3's
 * error code ({@code NoSuchKey}, {@code NoSuchBucket}, {@code AccessDenied}, ...).
 */
public interface ObjectClient {

  /** Reads a whole object; for large ones prefer {@link #open}. */
  byte[] get(String bucket, String key);

  /** Opens an object as a stream; the caller closes it. */
  InputStream open(String bucket, String key);

  /** An object's metadata, or empty when there is none. */
  Optional<ObjectMetadata> head(String bucket, String key);

  /** Stores an object (atomically, durably) and returns its metadata. */
  ObjectMetadata put(String bucket, String key, byte[] data, String contentType);

  /**
   * Streams an object in (atomically, durably), without holding it in memory.
   *
   * @param length the exact number of bytes, or -1 when unknown
   */
  ObjectMetadata put(String bucket, String key, InputStream data, long length, String contentType);

  /** Deletes an object; returns whether it existed. */
  boolean delete(String bucket, String key);

  /**
   * A presigned URL through which anyone holding it may {@code PUT} this object over the S3 API
   * until it expires, e.g. straight from a browser. The upload fires bucket triggers like any other.
   *
   * @param expiry how long the URL works, 1 second to 7 days
   * @param contentType the Content-Type the upload must send, or null for any
   */
  java.net.URI presignPut(String bucket, String key, java.time.Duration expiry, String contentType);

  /** A presigned URL through which anyone holding it may {@code GET} this object until it expires. */
  java.net.URI presignGet(String bucket, String key, java.time.Duration expiry);

  /** The objects whose keys start with {@code prefix}, in key order, at most {@code limit} (1..10000). */
  List<ObjectMetadata> list(String bucket, String prefix, int limit);
}
