package io.cumulo.core;

import java.io.Serial;

/**
 * The data dir's filesystem has no space left: nothing of the write was kept, and the client can
 * retry once an operator frees space. Answered as 507 Insufficient Storage, so a full disk is told
 * apart from a server bug (a plain 500).
 */
public final class DiskFullException extends CumuloException {
  @Serial private static final long serialVersionUID = 1L;

  /** The error code clients see, in both the admin API and the S3 API. */
  public static final String CODE = "InsufficientStorage";

  /** The message clients see; it names no path, as errors never leak the server's layout. */
  public static final String MESSAGE = "the server's data disk is full: nothing was stored; free space on it and retry";

  public DiskFullException(Throwable cause) {
    super(507, CODE, MESSAGE, cause);
  }

  /**
   * Whether {@code failure} or one of its causes is the operating system saying the disk (or the
   * user's quota) is full. The JDK reports ENOSPC and EDQUOT only through the message text.
   */
  public static boolean isCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
