package io.cumulo.storage.auth;

import io.cumulo.core.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes an {@code aws-chunked} body ({@code Content-Encoding: aws-chunked}): a sequence of {@code
 * hex-size[;chunk-signature=sig]\r\n data \r\n}, a last chunk of size 0, then for the trailer
 * modes {@code name:value\r\n} trailer lines and an empty line.
 *
 * <p>When the chunks are signed, each chunk's signature is checked as its last byte is read, and
 * a mismatch fails that read before the chunk's last bytes are handed out. Trailing checksums are
 * compared with what was read, and the decoded length with {@code x-amz-decoded-content-length},
 * when the end is reached: the read that would return -1 throws instead. Callers write objects
 * atomically, so a failure anywhere keeps the object from being stored.
 *
 * <p>Chunk data are copied in bulk (or read straight into the caller's array for large reads);
 * only the framing is parsed byte by byte.
 */
final class AwsChunkedInputStream extends InputStream {
  /** The largest chunk accepted; AWS SDKs send 64 KiB to 1 MiB, S3 itself allows a few MiB. */
  static final int MAX_CHUNK_BYTES = 16 * 1024 * 1024;
  /** The longest chunk header or trailer line accepted, CRLF excluded. */
  static final int MAX_LINE_BYTES = 4096;
  private static final int MAX_TRAILER_LINES = 32;
  private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  private final InputStream raw;
  private final ChunkSignatureChain signatures;
  private final boolean hasTrailer;
  private final Map<String, TrailingChecksum> checksums = new LinkedHashMap<>();
  private final long decodedLength;
  private final MessageDigest chunkDigest;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;

  private long chunkRemaining;
  private boolean inChunk;
  private String chunkSignature;
  private long decoded;
  private boolean finished;
  private Map<String, String> verifiedChecksums = Map.of();

  /**
   * @param raw the body as received
   * @param signatures the signature chain when chunks are signed, {@code null} when they are not
   * @param hasTrailer whether trailer lines follow the last chunk
   * @param trailerNames the trailers announced in {@code x-amz-trailer}, each one of {@link
   *     TrailingChecksum#SUPPORTED}
   * @param decodedLength the announced decoded length, or -1 if none was announced
   */
  AwsChunkedInputStream(InputStream raw, ChunkSignatureChain signatures, boolean hasTrailer,
      List<String> trailerNames, long decodedLength) {
    this.raw = Objects.requireNonNull(raw, "raw");
    this.signatures = signatures;
    this.hasTrailer = hasTrailer;
    for (String name : trailerNames) {
      TrailingChecksum checksum = TrailingChecksum.forTrailer(name);
      checksums.put(checksum.name(), checksum);
    }
    this.decodedLength = decodedLength;
    this.chunkDigest = signatures == null ? null : SigV4Signing.sha256();
  }

  /** The trailing checksums, by trailer name, once they were verified at the end; empty before. */
  Map<String, String> trailingChecksums() {
    return verifiedChecksums;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (!finished && chunkRemaining == 0) {
      nextChunk();
    }
    if (finished) {
      return -1;
    }
    int want = (int) Math.min(len, chunkRemaining);
    int n;
    if (pos < limit) {
      n = Math.min(want, limit - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
    } else if (want >= buf.length / 2) {
      n = raw.read(b, off, want);
      if (n < 0) {
        throw incomplete("the body ended inside a chunk");
      }
    } else {
      if (!fill()) {
        throw incomplete("the body ended inside a chunk");
      }
      n = Math.min(want, limit - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
    }
    consumed(b, off, n);
    return n;
  }

  @Override
  public int available() {
    return finished ? 0 : (int) Math.min(limit - pos, chunkRemaining);
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }

  private void consumed(byte[] b, int off, int n) {
    decoded += n;
    if (decodedLength >= 0 && decoded > decodedLength) {
      throw incomplete("the decoded body is longer than x-amz-decoded-content-length (" + decodedLength + " bytes)");
    }
    if (chunkDigest != null) {
      chunkDigest.update(b, off, n);
    }
    for (TrailingChecksum checksum : checksums.values()) {
      checksum.update(b, off, n);
    }
    chunkRemaining -= n;
    if (chunkRemaining == 0 && signatures != null) {
      signatures.verifyChunk(chunkSignature, chunkDigest.digest());
    }
  }

  /** Reads past the CRLF that ends the previous chunk's data, then the next chunk header. */
  private void nextChunk() throws IOException {
    if (inChunk) {
      String end = readLine();
      if (end == null || !end.isEmpty()) {
        throw incomplete("a chunk's data is not followed by CRLF; its size does not match its data");
      }
    }
    String header = readLine();
    if (header == null) {
      throw incomplete("the body ended before the last (zero-size) chunk");
    }
    long size = parseHeader(header);
    if (size == 0) {
      if (signatures != null) {
        signatures.verifyChunk(chunkSignature, chunkDigest.digest());
      }
      inChunk = false;
      if (hasTrailer) {
        readTrailers();
      } else {
        String end = readLine();
        if (end != null && !end.isEmpty()) {
          throw incomplete("unexpected data after the last chunk");
        }
      }
      finish();
      return;
    }
    chunkRemaining = size;
    inChunk = true;
  }

  private long parseHeader(String header) {
    int semi = header.indexOf(';');
    String hexSize = (semi < 0 ? header : header.substring(0, semi)).strip();
    if (hexSize.isEmpty() || hexSize.length() > 8 || !isHex(hexSize)) {
      throw chunkSize("malformed chunk size '" + abbreviate(hexSize) + "': expected hexadecimal digits");
    }
    long size = Long.parseLong(hexSize, 16);
    if (size > MAX_CHUNK_BYTES) {
      throw chunkSize("chunk of " + size + " bytes is larger than the limit of " + MAX_CHUNK_BYTES + " bytes");
    }
    chunkSignature = null;
    if (semi >= 0) {
      String extension = header.substring(semi + 1).strip();
      String prefix = "chunk-signature=";
      if (extension.startsWith(prefix)) {
        chunkSignature = extension.substring(prefix.length());
      }
    }
    if (signatures != null && chunkSignature == null) {
      throw chunkSize("chunk header '" + abbreviate(header) + "' has no chunk-signature; this body must be signed per chunk");
    }
    return size;
  }

  private void readTrailers() throws IOException {
    StringBuilder canonical = new StringBuilder();
    Map<String, String> received = new LinkedHashMap<>();
    String trailerSignature = null;
    for (int lines = 0; ; lines++) {
      String line = readLine();
      if (line == null || line.isEmpty()) {
        break;
      }
      if (lines == MAX_TRAILER_LINES) {
        throw trailer("more than " + MAX_TRAILER_LINES + " trailer lines");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw trailer("trailer line '" + abbreviate(line) + "' is not name:value");
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (name.equals(TRAILER_SIGNATURE)) {
        trailerSignature = value;
      } else if (checksums.containsKey(name) && !received.containsKey(name)) {
        received.put(name, value);
        canonical.append(name).append(':').append(value).append('\n');
      } else {
        throw trailer("trailer '" + abbreviate(name) + "' was not announced in x-amz-trailer, or came twice");
      }
    }
    if (signatures != null) {
      if (trailerSignature == null) {
        throw trailer("the trailer has no x-amz-trailer-signature");
      }
      signatures.verifyTrailer(trailerSignature, canonical.toString());
    }
    for (TrailingChecksum checksum : checksums.values()) {
      String value = received.get(checksum.name());
      if (value == null) {
        throw trailer("trailer " + checksum.name() + " was announced in x-amz-trailer but not sent");
      }
      if (!value.equals(checksum.base64())) {
        throw new StorageException(400, "BadDigest",
            "The " + checksum.name() + " you specified did not match the calculated checksum.");
      }
    }
    verifiedChecksums = Map.copyOf(received);
  }

  private void finish() {
    if (decodedLength >= 0 && decoded != decodedLength) {
      throw incomplete("the decoded body has " + decoded + " bytes but x-amz-decoded-content-length says " + decodedLength);
    }
    finished = true;
  }

  /** A line ended by CRLF (a bare LF is tolerated), without its end; {@code null} at end of stream. */
  private String readLine() throws IOException {
    StringBuilder line = null;
    while (true) {
      if (pos == limit && !fill()) {
        if (line == null) {
          return null;
        }
        throw incomplete("the body ended inside a chunk header or trailer");
      }
      if (line == null) {
        line = new StringBuilder(80);
      }
      byte c = buf[pos++];
      if (c == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        return line.toString();
      }
      if (line.length() > MAX_LINE_BYTES) {
        throw chunkSize("a chunk header or trailer line is longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.append((char) (c & 0xff));
    }
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = raw.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    String printable = new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII).replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
  }

  private static StorageException incomplete(String message) {
    return new StorageException(400, "IncompleteBody", "Malformed aws-chunked body: " + message + ".");
  }

  private static StorageException chunkSize(String message) {
    return new StorageException(400, "InvalidChunkSizeError", "Malformed aws-chunked body: " + message + ".");
  }

  private static StorageException trailer(String message) {
    return new StorageException(400, "MalformedTrailerError", "Malformed aws-chunked trailer: " + message + ".");
  }
}
