package io.cumulo.core;

import java.io.Serial;

/**
 * The root of Cumulo's unchecked exceptions. Each carries the HTTP status and the machine-readable
 * error code that the admin API and gateway answer with, so errors are mapped in one place.
 */
public class CumuloException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String code;

  public CumuloException(int httpStatus, String code, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  public CumuloException(int httpStatus, String code, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  /** The HTTP status a client receives for this error. */
  public int httpStatus() {
    return httpStatus;
  }

  /** A stable, machine-readable name of the error, e.g. {@code InvalidManifest}. */
  public String code() {
    return code;
  }

  /** 400: the request or its content is malformed or invalid. */
  public static CumuloException badRequest(String code, String message) {
    return new CumuloException(400, code, message);
  }

  /** 404: the named thing does not exist. */
  public static CumuloException notFound(String code, String message) {
    return new CumuloException(404, code, message);
  }

  /** 503: a bounded resource is full; the client should retry later. */
  public static CumuloException unavailable(String code, String message) {
    return new CumuloException(503, code, message);
  }
}
