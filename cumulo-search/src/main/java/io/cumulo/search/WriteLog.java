package io.cumulo.search;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The write-ahead log of one search index: a write is durable once its record is here and
 * fsynced. That is one fsync, where a Lucene commit writes a new segment's files and fsyncs each
 * of them, the commit point and the directory. Lucene commits only when the log has grown; the
 * log is then emptied. On open, whatever the log still holds is applied again, which is harmless because
 * replaying upserts and deletes in order leaves each id as its last write left it.
 *
 * <p>Record: payload length (int), CRC32C of the payload (int), payload. A crash can tear only the
 * last record, which was never acknowledged; reading stops there and cuts it off. Used by one
 * thread at a time.
 */
final class WriteLog implements Closeable {
  /** A name Lucene's file deleter never claims (its files start with '_' or 'segments'). */
  static final String FILE_NAME = "cumulo-writes.log";
  private static final byte UPSERT = 1;
  private static final byte DELETE = 2;
  private static final int HEADER_BYTES = 8;

  private final Path path;
  private final FileChannel channel;

  private WriteLog(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /**
   * Opens the log of an index directory, creating an empty one if there is none. Appends go to its
   * end; call {@link #readAll} first to apply and keep what it holds.
   */
  static WriteLog open(Path indexDir) throws IOException {
    Path path = indexDir.resolve(FILE_NAME);
    var channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    channel.position(channel.size());
    return new WriteLog(path, channel);
  }

  /** The complete records, in order; a torn last record is cut off the file. */
  List<IndexWrite> readAll() throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE) {
      throw new IOException(path + " is " + size + " bytes, more than a write log can hold");
    }
    var data = ByteBuffer.allocate((int) size);
    while (data.hasRemaining()) {
      if (channel.read(data, data.position()) < 0) {
        break;
      }
    }
    data.flip();
    var writes = new ArrayList<IndexWrite>();
    int complete = 0;
    while (data.remaining() >= HEADER_BYTES) {
      int length = data.getInt();
      int checksum = data.getInt();
      if (length < 1 || length > data.remaining()) {
        break;
      }
      byte[] payload = new byte[length];
      data.get(payload);
      if (crc(payload) != checksum) {
        break;
      }
      writes.add(decode(payload));
      complete = data.position();
    }
    if (complete < size) {
      channel.truncate(complete);
      channel.force(false);
    }
    channel.position(complete);
    return writes;
  }

  /** Appends the writes and fsyncs: when this returns they survive a crash. */
  void append(List<IndexWrite> writes) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    for (IndexWrite write : writes) {
      byte[] payload = encode(write);
      out.writeInt(payload.length);
      out.writeInt(crc(payload));
      out.write(payload);
    }
    long end = channel.position();
    try {
      var buffer = ByteBuffer.wrap(bytes.toByteArray());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      // Cut off the partial records, so records appended later are not hidden behind them.
      channel.truncate(end);
      channel.position(end);
      throw e;
    }
  }

  /** Empties the log, once Lucene has committed everything it held. */
  void clear() throws IOException {
    channel.truncate(0);
    channel.position(0);
    channel.force(false);
  }

  long sizeBytes() throws IOException {
    return channel.size();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static byte[] encode(IndexWrite write) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    switch (write) {
      case IndexWrite.Upsert upsert -> {
        out.writeByte(UPSERT);
        writeString(out, upsert.id());
        out.writeInt(upsert.fields().size());
        for (var field : upsert.fields().entrySet()) {
          writeString(out, field.getKey());
          writeString(out, field.getValue());
        }
      }
      case IndexWrite.Delete delete -> {
        out.writeByte(DELETE);
        writeString(out, delete.id());
      }
    }
    return bytes.toByteArray();
  }

  private IndexWrite decode(byte[] payload) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(payload));
    byte kind = in.readByte();
    String id = readString(in);
    if (kind == DELETE) {
      return new IndexWrite.Delete(id);
    }
    if (kind != UPSERT) {
      throw new IOException(path + " holds a record of unknown kind " + kind);
    }
    int count = in.readInt();
    var fields = new LinkedHashMap<String, String>();
    for (int i = 0; i < count; i++) {
      fields.put(readString(in), readString(in));
    }
    return new IndexWrite.Upsert(id, Map.copyOf(fields));
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }

  private static int crc(byte[] payload) {
    var crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }
}
