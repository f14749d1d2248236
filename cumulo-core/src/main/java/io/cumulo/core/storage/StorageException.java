package io.cumulo.core.storage;

import io.cumulo.core.CumuloException;
import java.io.Serial;

/**
 * A storage error with its S3 error code (the {@link #code()}) and HTTP status, so the S3 front
 * answers it as an S3 XML error and other fronts as problem+json.
 */
public final class StorageException extends CumuloException {
  @Serial private static final long serialVersionUID = 1L;

  public StorageException(int httpStatus, String s3Code, String message) {
    super(httpStatus, s3Code, message);
  }

  /**
   * A disk operation of a write failed: 507 when the disk is full (the client can act on that),
   * else an opaque 500 that never shows the cause.
   */
  public static StorageException writeFailed(java.io.IOException cause) {
    StorageException error = io.cumulo.core.DiskFullException.isCause(cause)
        ? new StorageException(507, io.cumulo.core.DiskFullException.CODE,
            "The server's data disk is full: the object was not stored. Free space on it and retry.")
        : new StorageException(500, "InternalError", "We encountered an internal error. Please try again.");
    error.initCause(cause);
    return error;
  }

  public static StorageException noSuchBucket(String bucket) {
    return new StorageException(404, "NoSuchBucket", "The specified bucket does not exist: " + bucket);
  }

  public static StorageException noSuchKey(String key) {
    return new StorageException(404, "NoSuchKey", "The specified key does not exist: " + key);
  }

  public static StorageException noSuchUpload(String uploadId) {
    return new StorageException(404, "NoSuchUpload", "The specified multipart upload does not exist: " + uploadId);
  }

  public static StorageException invalidArgument(String message) {
    return new StorageException(400, "InvalidArgument", message);
  }

  public static StorageException badDigest(String message) {
    return new StorageException(400, "BadDigest", message);
  }
}
