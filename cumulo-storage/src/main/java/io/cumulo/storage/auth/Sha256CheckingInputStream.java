package io.cumulo.storage.auth;

import io.cumulo.core.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Passes a body through while hashing it, and fails the read that reaches the end if the body is
 * not the one whose SHA-256 the client signed. Callers write objects atomically, so failing at the
 * end is enough to keep a tampered body from being stored.
 */
final class Sha256CheckingInputStream extends FilterInputStream {
  private final MessageDigest digest = SigV4Signing.sha256();
  private final byte[] expected;
  private boolean checked;

  Sha256CheckingInputStream(InputStream in, String expectedHex) {
    super(in);
    this.expected = HexFormat.of().parseHex(expectedHex);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      check();
    } else {
      digest.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      check();
    } else {
      digest.update(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be hashed too, so skip by reading.
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    if (!MessageDigest.isEqual(digest.digest(), expected)) {
      throw new StorageException(400, "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  }
}
