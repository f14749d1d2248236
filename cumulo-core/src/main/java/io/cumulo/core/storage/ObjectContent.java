package io.cumulo.core.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * An open object: its metadata and a stream of its bytes (of the requested range).
 *
 * @param info the object's metadata
 * @param range the bytes the stream yields, or null for the whole object
 * @param stream the bytes; close it (closing this record does)
 */
public record ObjectContent(ObjectInfo info, ByteRange range, InputStream stream) implements AutoCloseable {
  /** How many bytes the stream yields. */
  public long length() {
    return range == null ? info.size() : range.length();
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
