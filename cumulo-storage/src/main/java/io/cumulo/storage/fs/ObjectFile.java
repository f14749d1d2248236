package io.cumulo.storage.fs;

import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One stored object (or part, or upload record) is one file: its bytes, then its metadata, then a
 * fixed footer.
 *
 * <pre>
 * [data: dataLength bytes][metadata: metadataLength bytes][dataLength:8][metadataLength:4][crc32c(metadata):4][magic:4]
 * </pre>
 *
 * <p>Why one file: bytes and metadata then become visible in a single rename, so no reader and no
 * crash can ever pair new bytes with old metadata. The metadata goes last because the size, ETag
 * and checksums are known only after the bytes have streamed through; the footer lets a reader
 * find it from the end. The footer's lengths must add up to the file size, which catches a file
 * truncated by anything other than our own (fsync-before-rename) writes.
 */
final class ObjectFile {
  static final int FOOTER_BYTES = 20;
  private static final int MAGIC = 0x434d4c31; // "CML1"
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private ObjectFile() {}

  /** A file whose footer or metadata does not add up: it was not written by us, or the disk damaged it. */
  static final class DamagedException extends IOException {
    @Serial private static final long serialVersionUID = 1L;

    DamagedException(String message) {
      super(message);
    }
  }

  /**
   * Streams the bytes of an object into {@code out}, updating {@code digests}.
   *
   * @param length exactly this many bytes, or -1 for all the stream has
   * @return the bytes written
   * @throws StorageException {@code IncompleteBody} when the client's stream ends early or fails
   * @throws IOException when writing fails
   */
  static long writeData(FileChannel out, InputStream in, long length, Digests digests) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    long written = 0;
    while (length < 0 || written < length) {
      int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - written);
      int n;
      try {
        n = in.read(buffer, 0, want);
      } catch (IOException readFailure) {
        var incomplete = incompleteBody("Reading the request body failed after " + written + " bytes.");
        incomplete.initCause(readFailure);
        throw incomplete;
      }
      if (n < 0) {
        if (length < 0) {
          break;
        }
        throw incompleteBody("You did not provide the number of bytes specified by the Content-Length HTTP header: got "
            + written + " of " + length + ".");
      }
      digests.update(buffer, 0, n);
      writeFully(out, ByteBuffer.wrap(buffer, 0, n));
      written += n;
    }
    return written;
  }

  /** Appends the metadata and footer after the data and fsyncs the file. */
  static void finish(FileChannel out, ObjectInfo info) throws IOException {
    byte[] metadata = encode(info);
    CRC32C crc = new CRC32C();
    crc.update(metadata);
    ByteBuffer tail = ByteBuffer.allocate(metadata.length + FOOTER_BYTES);
    tail.put(metadata).putLong(info.size()).putInt(metadata.length).putInt((int) crc.getValue()).putInt(MAGIC).flip();
    writeFully(out, tail);
    // fdatasync: the bytes and the file's length are all a reader needs (the footer carries the
    // metadata); timestamps and permissions need not reach the disk before the rename.
    out.force(false);
  }

  /** Reads the metadata of an object file; its data are the first {@code size()} bytes. */
  static ObjectInfo read(FileChannel in, String bucket) throws IOException {
    long fileSize = in.size();
    if (fileSize < FOOTER_BYTES) {
      throw new DamagedException("file of " + fileSize + " bytes has no footer");
    }
    ByteBuffer footer = readFully(in, fileSize - FOOTER_BYTES, FOOTER_BYTES);
    long dataLength = footer.getLong();
    int metadataLength = footer.getInt();
    int expectedCrc = footer.getInt();
    if (footer.getInt() != MAGIC || dataLength < 0 || metadataLength < 0
        || dataLength + metadataLength + FOOTER_BYTES != fileSize) {
      throw new DamagedException("footer does not match a file of " + fileSize + " bytes");
    }
    byte[] metadata = readFully(in, dataLength, metadataLength).array();
    CRC32C crc = new CRC32C();
    crc.update(metadata);
    if ((int) crc.getValue() != expectedCrc) {
      throw new DamagedException("metadata checksum mismatch");
    }
    return decode(metadata, bucket, dataLength);
  }

  private static byte[] encode(ObjectInfo info) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeString(out, info.key());
      writeString(out, info.etag());
      writeString(out, info.contentType());
      out.writeLong(info.lastModified().toEpochMilli());
      writeMap(out, info.userMetadata());
      writeMap(out, info.checksums());
    }
    return bytes.toByteArray();
  }

  private static ObjectInfo decode(byte[] metadata, String bucket, long size) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(metadata))) {
      String key = readString(in);
      String etag = readString(in);
      String contentType = readString(in);
      Instant lastModified = Instant.ofEpochMilli(in.readLong());
      return new ObjectInfo(bucket, key, size, etag, contentType, lastModified, readMap(in), readMap(in));
    } catch (IOException | RuntimeException malformed) {
      throw new DamagedException("metadata cannot be decoded: " + malformed);
    }
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (var entry : map.entrySet()) {
      writeString(out, entry.getKey());
      writeString(out, entry.getValue());
    }
  }

  private static Map<String, String> readMap(DataInputStream in) throws IOException {
    int size = in.readInt();
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      map.put(readString(in), readString(in));
    }
    return map;
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  private static ByteBuffer readFully(FileChannel in, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (in.read(buffer, position + buffer.position()) < 0) {
        throw new DamagedException("file ended before " + (position + length));
      }
    }
    return buffer.flip();
  }

  private static StorageException incompleteBody(String message) {
    return new StorageException(400, "IncompleteBody", message);
  }
}
