package io.cumulo.storage.s3;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Conditional request headers ({@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since},
 * {@code If-Unmodified-Since}) evaluated with S3's precedence: a true If-Match overrides a false
 * If-Unmodified-Since, and a false If-None-Match (the ETag differs) overrides a true
 * If-Modified-Since (not modified). Unparseable dates are ignored, as RFC 9110 says.
 */
record Preconditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {

  enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

  static Preconditions of(S3Exchange x) {
    return new Preconditions(x.header("If-Match"), x.header("If-None-Match"), x.header("If-Modified-Since"),
        x.header("If-Unmodified-Since"));
  }

  /** The copy-source conditions of CopyObject and UploadPartCopy. */
  static Preconditions ofCopySource(S3Exchange x) {
    return new Preconditions(x.header("x-amz-copy-source-if-match"), x.header("x-amz-copy-source-if-none-match"),
        x.header("x-amz-copy-source-if-modified-since"), x.header("x-amz-copy-source-if-unmodified-since"));
  }

  /**
   * @param etag the object's quoted ETag
   * @param lastModified when the object was written (compared at second precision, as HTTP dates carry)
   */
  Outcome evaluate(String etag, Instant lastModified) {
    Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
    if (ifMatch != null) {
      if (!matches(ifMatch, etag)) {
        return Outcome.PRECONDITION_FAILED;
      }
    } else {
      Instant since = date(ifUnmodifiedSince);
      if (since != null && modified.isAfter(since)) {
        return Outcome.PRECONDITION_FAILED;
      }
    }
    if (ifNoneMatch != null) {
      if (matches(ifNoneMatch, etag)) {
        return Outcome.NOT_MODIFIED;
      }
    } else {
      Instant since = date(ifModifiedSince);
      if (since != null && !modified.isAfter(since)) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /** Whether a comma-separated list of (quoted or bare) ETags, or {@code *}, names this ETag. */
  static boolean matches(String list, String etag) {
    String bare = unquote(etag);
    for (String candidate : list.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || unquote(c).equals(bare)) {
        return true;
      }
    }
    return false;
  }

  static String unquote(String etag) {
    String e = etag.trim();
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
  }

  private static Instant date(String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
