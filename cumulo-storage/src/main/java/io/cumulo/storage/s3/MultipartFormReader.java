package io.cumulo.storage.s3;

import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code multipart/form-data} body part by part without holding it: field values are read
 * whole (bounded), and a file part is handed out as a stream that ends at the next boundary.
 */
final class MultipartFormReader {
  /** Part headers larger than this are refused. */
  private static final int MAX_PART_HEADER_BYTES = 16 * 1024;

  /** One part's {@code Content-Disposition} name and file name and its {@code Content-Type}. */
  record Part(String name, String filename, String contentType) {}

  private final InputStream in;
  /** {@code CRLF--boundary}; the body is read as if a CRLF preceded it, so every boundary looks alike. */
  private final byte[] delimiter;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean inPart;
  private boolean finished;

  MultipartFormReader(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    buf[0] = '\r';
    buf[1] = '\n';
    limit = 2;
  }

  /** The boundary parameter of a {@code multipart/form-data} Content-Type, or null. */
  static String boundary(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
        String value = p.substring(9).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() || value.length() > 70 ? null : value;
      }
    }
    return null;
  }

  /** Moves to the next part (skipping what is left of the current one); null after the last. */
  Part next() throws IOException {
    if (finished) {
      return null;
    }
    if (inPart) {
      partStream().transferTo(OutputStream.nullOutputStream());
    }
    // Skip to and over the next delimiter (the preamble before the first one is ignored).
    while (true) {
      fill(delimiter.length + 2);
      int at = indexOfDelimiter();
      if (at >= 0) {
        pos = at + delimiter.length;
        break;
      }
      if (eof) {
        throw malformed("the form has no closing boundary");
      }
      pos = Math.max(pos, limit - delimiter.length + 1);
    }
    fill(2);
    if (limit - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
      finished = true;
      return null;
    }
    String headers = readHeaders();
    inPart = true;
    String name = null;
    String filename = null;
    String contentType = null;
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (header.equals("content-disposition")) {
        name = dispositionParam(value, "name");
        filename = dispositionParam(value, "filename");
      } else if (header.equals("content-type")) {
        contentType = value;
      }
    }
    if (name == null) {
      throw malformed("a form part has no name");
    }
    return new Part(name, filename, contentType);
  }

  /** The current part's value as UTF-8 text, at most {@code maxBytes} bytes. */
  String readValue(int maxBytes) throws IOException {
    byte[] value = partStream().readNBytes(maxBytes + 1);
    if (value.length > maxBytes) {
      throw S3Errors.invalidArgument("a form field is larger than " + maxBytes + " bytes");
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  /** The current part's bytes, ending where the next boundary starts. */
  InputStream partStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (!inPart) {
          return -1;
        }
        if (len == 0) {
          return 0;
        }
        fill(delimiter.length);
        int at = indexOfDelimiter();
        int available;
        if (at >= 0) {
          available = at - pos;
          if (available == 0) {
            inPart = false;
            return -1;
          }
        } else if (eof) {
          throw malformed("the form ended inside a part");
        } else {
          // A delimiter may start in the last bytes; keep them until more arrive.
          available = limit - pos - (delimiter.length - 1);
        }
        int n = Math.min(len, available);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  private String readHeaders() throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    // After the delimiter comes CRLF, then header lines, then an empty line.
    while (true) {
      fill(4);
      if (limit - pos < 1) {
        throw malformed("the form ended inside part headers");
      }
      headers.write(buf[pos++]);
      if (headers.size() > MAX_PART_HEADER_BYTES) {
        throw malformed("form part headers are larger than " + MAX_PART_HEADER_BYTES + " bytes");
      }
      byte[] h = headers.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        return new String(h, 2, Math.max(0, n - 6), StandardCharsets.UTF_8);
      }
    }
  }

  /** Makes at least {@code wanted} bytes available unless the stream ends first. */
  private void fill(int wanted) throws IOException {
    if (limit - pos >= wanted || eof) {
      return;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    while (limit - pos < wanted && !eof) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
  }

  private int indexOfDelimiter() {
    outer:
    for (int i = pos; i <= limit - delimiter.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String dispositionParam(String disposition, String param) {
    for (String piece : disposition.split(";")) {
      String p = piece.trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(param)) {
        String value = p.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  private static StorageException malformed(String message) {
    return new StorageException(400, "MalformedPOSTRequest",
        "The body of your POST request is not well-formed multipart/form-data: " + message);
  }
}
