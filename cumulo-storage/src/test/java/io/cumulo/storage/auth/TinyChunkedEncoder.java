package io.cumulo.storage.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The smallest aws-chunked encoder that can check the decoder: cuts a payload into chunks of the
 * given sizes (the last size repeats; the remainder forms the last data chunk), signs them when a
 * signer is given, and appends a checksum trailer when one is named.
 */
final class TinyChunkedEncoder {
  /** Signs chunk data and the trailer, each over the previous signature. */
  interface Signer {
    String chunk(byte[] data);

    String trailer(String canonicalTrailer);
  }

  private TinyChunkedEncoder() {}

  static byte[] encode(byte[] payload, List<Integer> chunkSizes, Signer signer, String trailer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 256);
    int offset = 0;
    for (int i = 0; offset < payload.length; i++) {
      int size = chunkSizes.isEmpty() ? payload.length : chunkSizes.get(Math.min(i, chunkSizes.size() - 1));
      byte[] chunk = Arrays.copyOfRange(payload, offset, Math.min(payload.length, offset + size));
      writeChunk(out, chunk, signer);
      offset += chunk.length;
    }
    writeChunk(out, new byte[0], signer);
    if (trailer != null) {
      String line = trailer + ":" + checksum(trailer, payload);
      write(out, line + "\r\n");
      if (signer != null) {
        write(out, "x-amz-trailer-signature:" + signer.trailer(line + "\n") + "\r\n");
      }
      write(out, "\r\n");
    } else {
      write(out, "\r\n");
    }
    return out.toByteArray();
  }

  /** The base64 value of a checksum trailer over the payload. */
  static String checksum(String trailer, byte[] payload) {
    TrailingChecksum checksum = TrailingChecksum.forTrailer(trailer);
    checksum.update(payload, 0, payload.length);
    return checksum.base64();
  }

  private static void writeChunk(ByteArrayOutputStream out, byte[] chunk, Signer signer) {
    write(out, Integer.toHexString(chunk.length) + (signer == null ? "" : ";chunk-signature=" + signer.chunk(chunk)) + "\r\n");
    out.writeBytes(chunk);
    if (chunk.length > 0) {
      write(out, "\r\n");
    }
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
