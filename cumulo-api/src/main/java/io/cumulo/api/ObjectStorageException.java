package io.cumulo.api;

import java.io.Serial;

/** A failed object operation, with S3's error code, e.g. {@code NoSuchKey} or {@code AccessDenied}. */
public class ObjectStorageException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String code;

  public ObjectStorageException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** S3's error code. */
  public String code() {
    return code;
  }
}
