package io.cumulo.storage.s3;

import io.cumulo.core.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body of a declared length that, as it hands out its last byte, reads on to the end of
 * the stream. The checks of a signed body (its SHA-256, the aws-chunked final chunk and trailing
 * checksums) run on the read that reaches the end; a store reads exactly the declared length and
 * stops, so without this they would never run and a tampered body would be stored. Reading ahead
 * makes them pass or fail inside the store's last read, before it commits anything.
 */
final class DeclaredLengthBody extends FilterInputStream {
  private long remaining;
  private boolean endChecked;

  private DeclaredLengthBody(InputStream in, long length) {
    super(in);
    this.remaining = length;
  }

  /**
   * @param length the declared payload length in bytes; an empty body is checked at once, since a
   *     store reads nothing of it
   * @throws StorageException from the body's own end-of-stream checks, or {@code IncompleteBody}
   *     when the body is longer than declared
   */
  static InputStream of(InputStream in, long length) throws IOException {
    DeclaredLengthBody body = new DeclaredLengthBody(in, length);
    if (length == 0) {
      body.checkEnd();
    }
    return body;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      checkEnd();
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      // Shorter than declared: the store reports the missing bytes.
      return -1;
    }
    remaining -= n;
    if (remaining == 0) {
      checkEnd();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes pass through the checks too, so skip by reading.
    return Math.max(0, read(new byte[(int) Math.min(Math.max(n, 0), 8192)]));
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void checkEnd() throws IOException {
    if (endChecked) {
      return;
    }
    endChecked = true;
    if (in.read() >= 0) {
      throw new StorageException(400, "IncompleteBody", "The request body is longer than its declared length.");
    }
  }
}
