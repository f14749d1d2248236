package io.cumulo.core.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * Frames log records as {@code [int length][int crc32c][byte type][body]}, big-endian. The length
 * counts the type byte and the body; the CRC covers the same bytes, so a torn or flipped record
 * is detected. Strings are UTF-8 with an unsigned 16-bit length; the payload has a 32-bit length.
 */
final class RecordCodec {

  static final int HEADER_BYTES = 8;
  /** The largest type-and-body a record may have; bigger lengths are treated as corruption. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  static final int MAX_STRING_BYTES = 0xFFFF;

  static final byte APPEND = 1;
  static final byte COMPLETE = 2;
  static final byte RETRY = 3;

  private RecordCodec() {}

  /** Encodes an APPEND record; throws IllegalArgumentException when a field is too large. */
  static byte[] append(Event event) {
    byte[] id = utf8(event.id(), "id");
    byte[] function = utf8(event.function(), "function");
    byte[] kind = utf8(event.kind(), "kind");
    long size = 1L + 2 + id.length + 2 + function.length + 2 + kind.length
        + 4 + event.payload().length + 8 + 4;
    if (size > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("event " + event.id() + " is " + size
          + " bytes encoded; the most an event may take is " + MAX_BODY_BYTES + " bytes");
    }
    ByteBuffer buf = frame((int) size, APPEND);
    putString(buf, id);
    putString(buf, function);
    putString(buf, kind);
    buf.putInt(event.payload().length).put(event.payload());
    buf.putLong(event.createdAt().getEpochSecond()).putInt(event.createdAt().getNano());
    return seal(buf);
  }

  static byte[] complete(String eventId) {
    byte[] id = utf8(eventId, "eventId");
    ByteBuffer buf = frame(1 + 2 + id.length, COMPLETE);
    putString(buf, id);
    return seal(buf);
  }

  static byte[] retry(String eventId, int nextAttempt, Instant notBefore) {
    byte[] id = utf8(eventId, "eventId");
    ByteBuffer buf = frame(1 + 2 + id.length + 4 + 8 + 4, RETRY);
    putString(buf, id);
    buf.putInt(nextAttempt).putLong(notBefore.getEpochSecond()).putInt(notBefore.getNano());
    return seal(buf);
  }

  /**
   * Checks the record framed at {@code offset} of {@code data} (whose limit is the end of valid
   * input) and returns its total size in bytes, or -1 when it is incomplete or fails its CRC.
   */
  static int validFrameBytes(ByteBuffer data, int offset) {
    if (data.limit() - offset < HEADER_BYTES) {
      return -1;
    }
    int length = data.getInt(offset);
    if (length < 1 || length > MAX_BODY_BYTES || length > data.limit() - offset - HEADER_BYTES) {
      return -1;
    }
    byte type = data.get(offset + HEADER_BYTES);
    if (type < APPEND || type > RETRY) {
      return -1;
    }
    CRC32C crc = new CRC32C();
    crc.update(data.slice(offset + HEADER_BYTES, length));
    return (int) crc.getValue() == data.getInt(offset + 4) ? HEADER_BYTES + length : -1;
  }

  /** Decodes a record that {@link #validFrameBytes} accepted. */
  static LogRecord decode(ByteBuffer data, int offset) {
    int length = data.getInt(offset);
    ByteBuffer body = data.slice(offset + HEADER_BYTES + 1, length - 1);
    return switch (data.get(offset + HEADER_BYTES)) {
      case APPEND -> {
        String id = getString(body);
        String function = getString(body);
        String kind = getString(body);
        byte[] payload = new byte[body.getInt()];
        body.get(payload);
        Instant createdAt = Instant.ofEpochSecond(body.getLong(), body.getInt());
        yield new LogRecord.Append(new Event(id, function, kind, payload, createdAt));
      }
      case COMPLETE -> new LogRecord.Complete(getString(body));
      case RETRY -> new LogRecord.Retry(
          getString(body), body.getInt(), Instant.ofEpochSecond(body.getLong(), body.getInt()));
      default -> throw new IllegalStateException("unreachable: type checked by validFrameBytes");
    };
  }

  private static ByteBuffer frame(int length, byte type) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + length);
    buf.putInt(length).putInt(0).put(type);
    return buf;
  }

  private static byte[] seal(ByteBuffer buf) {
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), HEADER_BYTES, buf.capacity() - HEADER_BYTES);
    buf.putInt(4, (int) crc.getValue());
    return buf.array();
  }

  private static byte[] utf8(String value, String field) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException(field + " is " + bytes.length
          + " bytes in UTF-8; the most allowed is " + MAX_STRING_BYTES);
    }
    return bytes;
  }

  private static void putString(ByteBuffer buf, byte[] bytes) {
    buf.putShort((short) bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer buf) {
    byte[] bytes = new byte[Short.toUnsignedInt(buf.getShort())];
    buf.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
