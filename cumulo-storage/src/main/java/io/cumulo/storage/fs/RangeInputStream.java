package io.cumulo.storage.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads {@code length} bytes of a file from {@code position}; closing it closes the channel. */
final class RangeInputStream extends InputStream {
  private final FileChannel channel;
  private long position;
  private long remaining;

  RangeInputStream(FileChannel channel, long position, long length) {
    this.channel = channel;
    this.position = position;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    if (remaining == 0) {
      return -1;
    }
    if (length == 0) {
      return 0;
    }
    int n = channel.read(ByteBuffer.wrap(bytes, offset, (int) Math.min(length, remaining)), position);
    if (n < 0) {
      throw new IOException("object file ended " + remaining + " bytes early");
    }
    position += n;
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, remaining));
    position += skipped;
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, remaining);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
