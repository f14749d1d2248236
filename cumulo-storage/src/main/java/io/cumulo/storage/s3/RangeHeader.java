package io.cumulo.storage.s3;

import io.cumulo.core.storage.ByteRange;

/** The {@code Range} header of a GET, resolved against the object's size as S3 does. */
final class RangeHeader {
  private RangeHeader() {}

  /**
   * Resolves a Range header.
   *
   * @param header the header value, or null
   * @param size the object's size in bytes
   * @return the range to send, or null to send the whole object (no header, a syntactically
   *     invalid one, which RFC 9110 says to ignore, or several ranges, which S3 ignores too)
   * @throws io.cumulo.core.storage.StorageException 416 {@code InvalidRange} when the range starts past the end
   */
  static ByteRange resolve(String header, long size) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = value.substring(6).trim();
    if (spec.indexOf(',') >= 0) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    if (first.isEmpty()) {
      Long suffix = number(last);
      if (suffix == null) {
        return null;
      }
      if (suffix == 0 || size == 0) {
        throw S3Errors.invalidRange(size);
      }
      return new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    Long start = number(first);
    Long end = last.isEmpty() ? Long.valueOf(Long.MAX_VALUE) : number(last);
    if (start == null || end == null || end < start) {
      return null;
    }
    if (start >= size) {
      throw S3Errors.invalidRange(size);
    }
    return new ByteRange(start, Math.min(end, size - 1));
  }

  /** A non-negative decimal number (saturating at Long.MAX_VALUE), or null when it is not one. */
  private static Long number(String digits) {
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }
}
