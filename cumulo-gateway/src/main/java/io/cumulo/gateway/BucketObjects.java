package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import io.cumulo.core.storage.ByteRange;
import io.cumulo.core.storage.ObjectContent;
import io.cumulo.core.storage.ObjectInfo;
import io.cumulo.core.storage.ObjectStore;
import io.cumulo.core.storage.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Serves {@code bucket:} routes: GET and HEAD of the object whose key is the route's greedy path
 * part, with its ETag and Last-Modified, conditional GET ({@code If-None-Match}, else
 * {@code If-Modified-Since}) and a single byte range. The body streams from the store.
 */
final class BucketObjects {
  private final ObjectStore store;

  BucketObjects(ObjectStore store) {
    this.store = store;
  }

  /**
   * @param key the object key, URL-decoded
   * @param cacheControl the route's {@code Cache-Control}
   * @throws CumuloException 400 for an empty key or one with '.' or '..' segments, 404 for a
   *     missing object, 416 for a range past its end
   */
  void serve(HttpExchange x, String bucket, String key, String cacheControl) {
    checkKey(key);
    ObjectInfo info = store.head(bucket, key).orElseThrow(() -> CumuloException.notFound("NoSuchKey",
        "no object " + key + " is served here"));
    HttpFields.Mutable headers = x.response.getHeaders();
    headers.put(HttpHeader.ETAG, info.etag());
    headers.put(HttpHeader.LAST_MODIFIED, httpDate(info.lastModified()));
    headers.put(HttpHeader.CACHE_CONTROL, cacheControl);
    headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
    if (notModified(x, info)) {
      x.sendEmpty(304);
      return;
    }
    ByteRange range;
    try {
      range = SingleRange.resolve(x.header("Range"), info.size());
    } catch (StorageException unsatisfiable) {
      headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + info.size());
      throw unsatisfiable;
    }
    headers.put(HttpHeader.CONTENT_TYPE, info.contentType());
    if (range != null) {
      headers.put(HttpHeader.CONTENT_RANGE,
          "bytes " + range.first() + "-" + range.last() + "/" + info.size());
    }
    int status = range == null ? 200 : 206;
    if (x.method().equals("HEAD")) {
      headers.put(HttpHeader.CONTENT_LENGTH, range == null ? info.size() : range.length());
      x.sendEmpty(status);
      return;
    }
    try (ObjectContent content = store.get(bucket, key, range)) {
      // The object may have been replaced since head(): describe what is actually sent.
      ObjectInfo sent = content.info();
      headers.put(HttpHeader.ETAG, sent.etag());
      headers.put(HttpHeader.LAST_MODIFIED, httpDate(sent.lastModified()));
      headers.put(HttpHeader.CONTENT_TYPE, sent.contentType());
      headers.put(HttpHeader.CONTENT_LENGTH, content.length());
      x.response.setStatus(status);
      try (OutputStream out = Content.Sink.asOutputStream(x.response)) {
        x.bytesSent = content.stream().transferTo(out);
      }
      x.callback.succeeded();
    } catch (IOException e) {
      // The response has begun, so there is no error to answer; the client sees it cut short.
      x.callback.failed(e);
    }
  }

  /** Refuses keys a path could not mean literally. */
  private static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw CumuloException.badRequest("InvalidKey",
          "the path names no object; add its key after the route's prefix");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw CumuloException.badRequest("InvalidKey", "the key '" + key + "' has a '" + segment
            + "' segment; keys are literal, not relative paths");
      }
    }
  }

  /**
   * RFC 9110 13.2.2: If-None-Match decides when present (weak comparison); otherwise
   * If-Modified-Since, at the header's one-second precision. Unparseable dates are ignored.
   */
  private static boolean notModified(HttpExchange x, ObjectInfo info) {
    String ifNoneMatch = x.header("If-None-Match");
    if (ifNoneMatch != null) {
      String etag = opaque(info.etag());
      for (String candidate : ifNoneMatch.split(",")) {
        String tag = candidate.trim();
        if (tag.equals("*") || opaque(tag).equals(etag)) {
          return true;
        }
      }
      return false;
    }
    String since = x.header("If-Modified-Since");
    if (since == null) {
      return false;
    }
    try {
      Instant given = DateTimeFormatter.RFC_1123_DATE_TIME.parse(since.trim(), Instant::from);
      return !info.lastModified().truncatedTo(ChronoUnit.SECONDS).isAfter(given);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String opaque(String etag) {
    return etag.startsWith("W/") ? etag.substring(2) : etag;
  }

  static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  /** The {@code Range} header, of which one byte range is honoured. */
  static final class SingleRange {
    private SingleRange() {}

    /**
     * @return the range to send, or null for the whole object (no header, an unparseable one,
     *     which RFC 9110 says to ignore, or several ranges, which are not served)
     * @throws StorageException 416 {@code InvalidRange} when the range starts past the end
     */
    static ByteRange resolve(String header, long size) {
      if (header == null || !header.trim().regionMatches(true, 0, "bytes=", 0, 6)) {
        return null;
      }
      String spec = header.trim().substring(6).trim();
      int dash = spec.indexOf('-');
      if (spec.indexOf(',') >= 0 || dash < 0) {
        return null;
      }
      Long first = number(spec.substring(0, dash).trim());
      String lastText = spec.substring(dash + 1).trim();
      Long last = lastText.isEmpty() ? Long.valueOf(Long.MAX_VALUE) : number(lastText);
      if (first == null) {
        // bytes=-N: the last N bytes.
        if (!spec.substring(0, dash).isBlank() || last == null || lastText.isEmpty()) {
          return null;
        }
        if (last == 0 || size == 0) {
          throw unsatisfiable(size);
        }
        return new ByteRange(Math.max(0, size - last), size - 1);
      }
      if (last == null || last < first) {
        return null;
      }
      if (first >= size) {
        throw unsatisfiable(size);
      }
      return new ByteRange(first, Math.min(last, size - 1));
    }

    private static StorageException unsatisfiable(long size) {
      return new StorageException(416, "InvalidRange", "the requested range is not satisfiable;"
          + " the object has " + size + " bytes");
    }

    private static Long number(String digits) {
      if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
  }
}
